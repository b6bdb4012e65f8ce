"""`zizhu entitle` and `zizhu approve` as an operator runs them, on real files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import psycopg

from tests.cli import finish, zizhu
from tests.files import write_sheet
from tests.ids import make_id
from tests.registry.roster import roster_file, student

SCHOOLS = [
    ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
    ["4408020001", "赤坎小学", "440802", "小学;初中", "公办"],
]
JDLK_HEADER = ["年度", "区县代码", "姓名", "身份证件号", "脱贫状态"]


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    with psycopg.connect(url) as pg:
        return pg.execute(sql).fetchall()


def execute(url: str, sql: str) -> None:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            conn.execute(sql)
            conn.commit()
        finally:
            conn.close()
        return
    with psycopg.connect(url) as pg:
        pg.execute(sql)


def lists_worked_out_on(url: str, day: str) -> None:
    """As if the lists had last changed on `day`: a test makes them a moment ago, and a paper
    公示 given with `--publicity-start` must have begun after the list's last change."""
    execute(url, f"UPDATE aid_listchange SET changed_at = '{day} 09:00:00+08:00'")


def city(database: str, tmp_path: Path, size: int = 60) -> list[str]:
    """A school whose pupils are all on the 建档立卡 list; returns their ID numbers."""
    people = [make_id(seq=s) for s in range(1, size + 1)]
    finish(
        zizhu(
            database, tmp_path, "import", "schools", str(write_sheet(tmp_path / "s.csv", SCHOOLS))
        )
    )
    roster = roster_file(
        tmp_path / "r.csv", *[student(p, f"学生{i}") for i, p in enumerate(people)]
    )
    finish(zizhu(database, tmp_path, "import", "students", str(roster)))
    rows = [
        JDLK_HEADER,
        *[["2019", "440802", f"学生{i}", p, "未脱贫"] for i, p in enumerate(people)],
    ]
    jdlk = write_sheet(tmp_path / "jdlk.xlsx", rows, sheet="建档立卡贫困人口")
    finish(zizhu(database, tmp_path, "import", "jdlk", str(jdlk)))
    return people


def test_entitle_prints_the_json_of_the_contract(tmp_path: Path, database: str):
    city(database, tmp_path, size=12)
    document = json.loads(
        finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2", "--json"))
    )
    assert document == {
        "term": "2019-2",
        "students": 12,
        "hardship": {"特别困难": 12, "困难": 0, "一般困难": 0},
        "programs": {
            "JDLK_LIVING": {"students": 12, "amount": "18000.00"},
            "NONBOARDING": {"students": 12, "amount": "3000.00"},
        },
        "held": 0,
    }


def test_an_unknown_term_is_refused_with_exit_status_3(tmp_path: Path, database: str):
    process = zizhu(database, tmp_path, "entitle", "--term", "2031-1")
    finish(process, expect=3)


def test_approval_without_publicity_is_refused_and_changes_nothing(tmp_path: Path, database: str):
    city(database, tmp_path, size=5)
    finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2"))
    finish(zizhu(database, tmp_path, "approve", "--term", "2019-2"), expect=3)
    assert query(database, "SELECT COUNT(*) FROM aid_entitlement WHERE status = 'APPROVED'") == [
        (0,)
    ]


def test_two_approvals_of_the_same_lists_at_once_approve_each_entitlement_once(
    tmp_path: Path, database: str
):
    people = city(database, tmp_path, size=400)
    finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2"))
    lists_worked_out_on(database, "2018-12-28")  # before the paper 公示 began
    args = ["approve", "--term", "2019-2", "--publicity-start", "2019-01-02", "--json"]
    first, second = zizhu(database, tmp_path, *args), zizhu(database, tmp_path, *args)
    results = [json.loads(finish(first)), json.loads(finish(second))]
    assert sorted(r["count"] for r in results) == [0, 2 * len(people)]
    assert query(
        database,
        "SELECT program, COUNT(*), SUM(count) FROM aid_approval GROUP BY program ORDER BY program",
    ) == [("JDLK_LIVING", 1, len(people)), ("NONBOARDING", 1, len(people))]
    assert query(
        database,
        "SELECT COUNT(*) FROM aid_entitlement WHERE status = 'APPROVED' AND approval_id > 0",
    ) == [(2 * len(people),)]

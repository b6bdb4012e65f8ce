"""A process killed in the middle of an import leaves the database as it was before."""

from __future__ import annotations

import signal
import sqlite3
import time
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
SNAPSHOT = [
    "SELECT COUNT(*) FROM core_event",
    "SELECT COUNT(*) FROM registry_person",
    "SELECT COUNT(*) FROM registry_rosterchange",
    "SELECT person_id, on_roster, name, account_no, event_id FROM registry_enrolment ORDER BY id",
]


def snapshot(url: str) -> list[Any]:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return [conn.execute(sql).fetchall() for sql in SNAPSHOT]
        finally:
            conn.close()
    with psycopg.connect(url) as pg:
        return [[tuple(int(v) if isinstance(v, bool) else v for v in row)
                 for row in pg.execute(sql).fetchall()] for sql in SNAPSHOT]  # fmt: skip


def test_a_killed_roster_import_leaves_the_database_as_it_was(tmp_path: Path, database: str):
    finish(
        zizhu(
            database, tmp_path, "import", "schools", str(write_sheet(tmp_path / "s.csv", SCHOOLS))
        )
    )
    people = [make_id(seq=s) for s in range(1, 400)]
    first = roster_file(
        tmp_path / "v1.csv", *[student(p, f"学生{i}") for i, p in enumerate(people)]
    )
    finish(zizhu(database, tmp_path, "import", "students", str(first)))
    before = snapshot(database)

    # The second roster drops a hundred students, adds others and changes accounts.
    second_rows = [
        student(p, f"学生{i}", account=f"62170000000000{i:05d}") for i, p in enumerate(people[100:])
    ]
    second_rows += [student(make_id(seq=s, birth="20060606"), f"新生{s}") for s in range(1, 50)]
    second = roster_file(tmp_path / "v2.csv", *second_rows)
    marker = tmp_path / "paused"
    process = zizhu(
        database, tmp_path, "import", "students", str(second),
        ZIZHU_PAUSE_AT="students_import.before_commit", ZIZHU_PAUSE_FILE=str(marker),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the import never reached its pause point"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert snapshot(database) == before
    # Nothing is left locked or half-written: the same import now completes.
    finish(zizhu(database, tmp_path, "import", "students", str(second)))
    after = snapshot(database)
    assert after != before
    assert after[0][0][0] == before[0][0][0] + 1  # exactly one more event

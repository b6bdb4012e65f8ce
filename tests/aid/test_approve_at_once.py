"""Two officers approve the same lists at the same moment, each after seeing the same 人数
and 金额: one approves every row once, the other is refused and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.aid.test_cli_lists import city, query
from tests.cli import finish, zizhu

ROOT = Path(__file__).resolve().parents[2]


def step(database: str, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DATABASE_URL": database, "ZIZHU_VAR_DIR": str(tmp_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.aid.lists_runner", *args], cwd=ROOT, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_two_approvals_at_once_approve_each_row_once_and_refuse_the_second(
    tmp_path: Path, database: str
):
    people = city(database, tmp_path, size=300)
    finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2"))
    finish(step(database, tmp_path, "publicity", "440802"))
    shown = json.loads(finish(step(database, tmp_path, "plan", "440802")))
    assert shown["count"] == 2 * len(people)
    both = [step(database, tmp_path, "approve", "440802", str(shown["count"]), str(shown["fen"]))
            for _ in range(2)]  # fmt: skip
    results = sorted((json.loads(finish(p)) for p in both), key=str)
    assert results == [{"code": "COUNTS_CHANGED"}, {"count": 2 * len(people)}]
    assert query(database, "SELECT COUNT(*) FROM aid_approval") == [(2,)]  # one per list
    assert query(database, "SELECT COUNT(*) FROM aid_entitlement WHERE status = 'APPROVED'") == [
        (2 * len(people),)
    ]
    assert query(database, "SELECT COUNT(*) FROM core_event WHERE action = 'aid.approve'") == [(1,)]

"""The benchmark harness: each import in its own process, measured, failures reported."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from zizhu.bench._report import table, total
from zizhu.bench._run import Measurement, run_import, run_logged


def test_it_measures_a_childs_time_exit_code_and_peak_memory(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; b = bytearray(200 * 2**20); sys.exit(4)"]
    code, seconds, peak_mib = run_logged(command, tmp_path / "log", dict(os.environ))
    assert code == 4
    assert seconds > 0
    assert peak_mib >= 200


def test_a_failing_import_becomes_a_line_with_the_last_line_of_stderr(tmp_path: Path) -> None:
    measured = run_import(
        "nonsense", tmp_path / "x.xlsx", "2019-2", tmp_path / "log", dict(os.environ)
    )
    assert measured.failure is not None
    assert measured.failure.startswith("失败 failed (exit 2):")
    assert "invalid choice" in measured.failure


def test_the_table_lists_files_failures_and_totals() -> None:
    ok = Measurement(
        "students", Path("学生名册-440802.xlsx"), 2.0, 300.0, rows=1000, accepted=990, rejected=10
    )
    bad = Measurement(
        "jdlk", Path("建档立卡贫困人口.xlsx"), 0.5, 100.0, failure="失败 failed: boom"
    )
    text = table([ok, bad], [(total("all", [ok, bad]), "全部合计 all")])
    lines = text.splitlines()
    assert "学生名册-440802.xlsx" in lines[2] and "1,000" in lines[2] and "500" in lines[2]
    assert lines[3] == "jdlk  建档立卡贫困人口.xlsx  失败 failed: boom"
    assert "全部合计 all" in lines[-1] and "2.5" in lines[-1]

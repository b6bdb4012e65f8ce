"""`zizhu bench` end to end on a tiny city: every import, every step of the term, the web load,
and the figures file the growth curve (scripts/bench_curve.py) reads. On SQLite (a file the
bench makes under --out): the harness is what is tested here; PostgreSQL's figures come from
the curve itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STEPS = ["学生名册 rosters", "其他导入 other imports", "计算名单 entitle", "公示与审批 approve",
         "代发文件 export", "银行回盘 returns", "审计 audit", "年度报告 report"]  # fmt: skip


@pytest.mark.slow
def test_the_bench_runs_a_term_to_its_end_and_keeps_its_figures(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = tmp_path / "bench"
    done = subprocess.run(
        [sys.executable, "-m", "zizhu.cli", "bench", "--scale", "0.002", "--out", str(out),
         "--web", "8"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "失败的步骤见日志" not in done.stdout, done.stdout
    figures = json.loads((out / "bench.json").read_text())
    steps = {s["step"]: s for s in figures["steps"]}
    assert list(steps) == STEPS
    assert all(s["failure"] is None and s["rows"] > 0 and s["seconds"] > 0 for s in steps.values())
    assert all(s["peak_mib"] > 0 for s in steps.values())
    # The bank answered every payment exported, and the report counts what was paid.
    assert steps["银行回盘 returns"]["rows"] == steps["代发文件 export"]["rows"]
    assert steps["审计 audit"]["rows"] == steps["计算名单 entitle"]["rows"]
    assert 0 < steps["公示与审批 approve"]["rows"] < steps["计算名单 entitle"]["rows"]
    web = figures["web"]
    assert [r["who"] for r in web["runs"]] == ["benchcity", "benchcounty"]
    assert all(r["requests"] > 0 and r["failures"] == 0 and r["p95_ms"] > 0 for r in web["runs"])
    assert web["peak_mib"] > 0

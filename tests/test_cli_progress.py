"""The command line's progress bar (issue 14.6): on a terminal, long commands show their stage,
the rows done, their rate and the time left on stderr; with --json, or when stderr is a pipe
or a file, nothing but what was printed before. Run as the real `zizhu` command, its stderr on
a pseudo-terminal (pty)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import database, finish, zizhu  # noqa: F401
from tests.files import write_sheet

SCHOOLS = [
    ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
    *[[f"44080200{n:02d}", f"赤坎第{n}小学", "440802", "小学", "公办"] for n in range(1, 31)],
]
BAR = "━"  # what rich draws a bar with


def on_terminal(url: str, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """Run `zizhu ARGS` with stderr on a pty (stdout a pipe); its exit status and both outputs."""
    main, other = pty.openpty()
    environment = {**os.environ, "DATABASE_URL": url, "ZIZHU_VAR_DIR": str(tmp_path),
                   "TERM": "xterm-256color", "COLUMNS": "140"}  # fmt: skip
    environment.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "zizhu.cli", *args], env=environment,
        stdout=subprocess.PIPE, stderr=other,
    )  # fmt: skip
    os.close(other)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the command ended: Linux answers EIO on the pty
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    stdout = process.stdout.read() if process.stdout else b""
    process.wait(timeout=300)
    return process.returncode, stdout.decode(), seen.decode(errors="replace")


def test_an_import_on_a_terminal_shows_its_bar_with_rows_rate_and_time_left(
    tmp_path: Path,
    database: str,  # noqa: F811
) -> None:
    schools = write_sheet(tmp_path / "schools.csv", SCHOOLS)
    status, stdout, stderr = on_terminal(database, tmp_path, "import", "schools", str(schools))
    assert status == 0, stderr
    assert BAR in stderr and "100%" in stderr
    assert "30/30 行" in stderr and "剩余" in stderr  # rows done, and the time left
    assert "完成" in stderr  # the last stage named
    assert "共 30 行：接受 30 行" in stdout  # the summary, on stdout as before


def test_entitle_and_audit_show_their_stages_on_a_terminal(tmp_path: Path, database: str):  # noqa: F811
    schools = write_sheet(tmp_path / "s.csv", SCHOOLS)
    finish(zizhu(database, tmp_path, "import", "schools", str(schools)))
    status, _, stderr = on_terminal(database, tmp_path, "entitle", "--term", "2019-2")
    assert status == 0, stderr
    assert BAR in stderr and "100%" in stderr and "完成" in stderr
    status, _, stderr = on_terminal(database, tmp_path, "audit", "--term", "2019-2")
    assert status == 0, stderr
    assert BAR in stderr and "100%" in stderr


def test_no_bar_with_json_nor_when_stderr_is_not_a_terminal(tmp_path: Path, database: str):  # noqa: F811
    schools = write_sheet(tmp_path / "schools.csv", SCHOOLS)
    status, stdout, stderr = on_terminal(
        database, tmp_path, "import", "schools", str(schools), "--json"
    )
    assert status == 0 and BAR not in stderr and "%" not in stderr
    assert stdout.lstrip().startswith("{")
    piped = zizhu(database, tmp_path, "entitle", "--term", "2019-2")
    out, err = piped.communicate(timeout=300)
    assert piped.returncode == 0, err.decode()
    assert BAR not in err.decode() and "\x1b[" not in err.decode()


@pytest.mark.empty_database
def test_the_demo_names_each_step_above_its_bar_on_a_terminal(tmp_path: Path, database: str):  # noqa: F811
    status, stdout, stderr = on_terminal(
        database, tmp_path, "demo", "--scale", "0.001", "--out", str(tmp_path / "demo")
    )
    assert status == 0, stderr
    assert "导入 students" in stderr and "计算名单" in stderr  # the steps, on the bar
    assert re.search(r"计算名单：\d+\.\d 秒", stderr)  # each finished step's line, as before
    assert BAR in stderr and " 行" in stderr
    assert "年度报告" in stdout

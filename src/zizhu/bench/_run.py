"""One import, run as the operator runs it: `zizhu import … --json` in its own process, timed,
with that process's peak memory (ru_maxrss from wait4)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TERM_KINDS = {"students", "hardship"}  # the kinds whose files hold one term


@dataclass
class Measurement:
    kind: str
    file: Path
    seconds: float
    peak_mib: float
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    unchanged: int = 0
    failure: str | None = None  # why the import did not run to the end, when it did not

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# Runs the command, then writes its exit code, seconds and peak RSS (KiB) to argv[1]. The
# peak is measured from this small process rather than from the benchmark's: Linux carries a
# parent's peak RSS into a child forked from it, so a child of the (large) benchmark process
# would report the benchmark's own peak whenever its own is smaller.
_MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
child.returncode = code = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    out.write(f"{code} {seconds} {usage.ru_maxrss}")
"""


def zizhu_command(*args: str) -> list[str]:
    """`zizhu ARGS` as this interpreter runs it (the benchmarks' children)."""
    return [sys.executable, "-m", "zizhu.cli", *args]


def run_logged(command: list[str], log: Path, env: dict[str, str]) -> tuple[int, float, float]:
    """Run a command with stdout to log.out and stderr to log.err; (exit code, seconds, peak
    RSS of that process in MiB)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    measured = log.with_suffix(".rusage")
    measured.unlink(missing_ok=True)
    with log.with_suffix(".out").open("wb") as out, log.with_suffix(".err").open("wb") as err:
        wrapper = [sys.executable, "-I", "-c", _MEASURE, str(measured), *command]
        subprocess.run(wrapper, stdout=out, stderr=err, env=env, check=False)
    try:
        code, seconds, kib = measured.read_text().split()
    except (OSError, ValueError):
        return -1, 0.0, 0.0
    return int(code), float(seconds), int(kib) / 1024  # ru_maxrss is in KiB on Linux


def _last_line(path: Path) -> str:
    lines = [line.strip() for line in path.read_text(errors="replace").splitlines()]
    return next((line for line in reversed(lines) if line), "(no message on stderr)")


def run_import(kind: str, file: Path, term: str, log: Path, env: dict[str, str]) -> Measurement:
    command = zizhu_command("import", kind, str(file), "--json")
    if kind in TERM_KINDS:
        command += ["--term", term]
    code, seconds, peak = run_logged(command, log, env)
    measured = Measurement(kind=kind, file=file, seconds=seconds, peak_mib=peak)
    try:
        document = json.loads(log.with_suffix(".out").read_text())
    except (OSError, ValueError):
        document = None
    if code == 0 and isinstance(document, dict) and "rows" in document:
        for field in ("rows", "accepted", "rejected", "unchanged"):
            setattr(measured, field, int(document[field]))
    elif isinstance(document, dict) and "code" in document:
        measured.failure = f"整个文件被拒绝 refused: {document['code']} {document['message']}"
    else:
        measured.failure = f"失败 failed (exit {code}): {_last_line(log.with_suffix('.err'))}"
    return measured

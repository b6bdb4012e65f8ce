"""The term after its imports, as a bureau runs it: entitle, 公示 and approval, export the
bank files, import the bank's answers, audit, and the year report. Each step is its own
process, timed with its peak memory like the imports (zizhu.bench._run): `zizhu entitle`,
`zizhu pay export`, `zizhu audit` and `zizhu report` as an operator types them; two through
this module, on the same services:

- approval (`python -m zizhu.bench.term approve TERM`): the demo's dated 公示 and approval,
  since the bench replays 2019 today and `zizhu approve` takes today's date;
- returns (`python -m zizhu.bench.term returns DIR TERM`): every answer file of the term in
  one process (`zizhu import returns` takes one file; 63 processes' start-up, about 1 s each,
  would otherwise be most of what the step measures).

The bank's answers are made between export and returns (the bank's work, not timed): the
demo's answers, about 3% 失败."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zizhu.bench._report import pad
from zizhu.bench._run import run_logged, zizhu_command

YEAR = "2019"


@dataclass
class Step:
    name: str  # the step, in Chinese and English
    rows: int  # the rows the step worked (its unit of work, said in `unit`)
    unit: str
    seconds: float
    peak_mib: float
    failure: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"step": self.name, "rows": self.rows, "unit": self.unit,
                "seconds": round(self.seconds, 2), "peak_mib": round(self.peak_mib),
                "failure": self.failure}  # fmt: skip


def _step(
    name: str, command: list[str], unit: str, rows: Callable[[dict[str, Any]], int],
    log: Path, env: dict[str, str],
) -> Step:  # fmt: skip
    code, seconds, peak = run_logged(command, log, env)
    try:
        document = json.loads(log.with_suffix(".out").read_text())
    except (OSError, ValueError):
        document = None
    if code != 0 or not isinstance(document, dict):
        why = log.with_suffix(".err").read_text(errors="replace").strip().splitlines()
        failure = f"失败 failed (exit {code}): {why[-1] if why else log}"
        return Step(name, 0, unit, seconds, peak, failure)
    return Step(name, rows(document), unit, seconds, peak)


def _answer_bank(exported: Path, answers: Path) -> None:
    """The bank's answer file for each 代发明细 file written by the export."""
    from zizhu.demo import FAILURE_RATE, bank_answer

    answers.mkdir(parents=True, exist_ok=True)
    for file in sorted(exported.rglob("*.xlsx")):
        answer = bank_answer(file, fail=FAILURE_RATE).drop("学生身份证件号")
        answer.write_csv(answers / f"{file.stem}.csv")


def run_term_steps(term: str, out: Path, logs: Path, env: dict[str, str]) -> list[Step]:
    """The term's steps after its imports, in order; a failed step ends the run there."""
    bank, answers = out / "bank", out / "returns"
    steps: list[tuple[str, list[str], str, Callable[[dict[str, Any]], int]]] = [
        ("计算名单 entitle", zizhu_command("entitle", "--term", term, "--json"),
         "在读学生 students", lambda d: int(d["students"])),
        ("公示与审批 approve", [sys.executable, "-m", "zizhu.bench.term", "approve", term],
         "审批名单 entitlements", lambda d: int(d["count"])),
        ("代发文件 export",
         zizhu_command("pay", "export", "--term", term, "--out", str(bank), "--json"),
         "代发 payments", lambda d: sum(int(b["count"]) for b in d["batches"])),
        ("银行回盘 returns", [sys.executable, "-m", "zizhu.bench.term", "returns", str(answers),
                             term], "回盘 rows", lambda d: int(d["rows"])),
        ("审计 audit", zizhu_command("audit", "--term", term, "--json"), "在读学生 students",
         lambda d: 0),
        ("年度报告 report", zizhu_command("report", "--year", YEAR, "--json"), "人次 payments",
         lambda d: 0),
    ]  # fmt: skip
    done: list[Step] = []
    for n, (name, command, unit, rows) in enumerate(steps, start=1):
        if name.endswith("returns"):  # not timed: the bank's work
            _answer_bank(bank, answers)
        step = _step(name, command, unit, rows, logs / f"term-{n}", env)
        done.append(step)
        print(f"[{name}] {step.seconds:.1f} s, {step.failure or f'{step.rows:,} {unit}'}",
              file=sys.stderr)  # fmt: skip
        if step.failure:
            break
    # The audit and the report read the whole term: their unit is the term's students, and
    # the payments made.
    students = done[0].rows if done else 0
    paid = next((s.rows for s in done if s.name.endswith("export")), 0)
    for step in done:
        if step.name.endswith("audit") and not step.failure:
            step.rows = students
        if step.name.endswith("report") and not step.failure:
            step.rows = paid
    return done


def steps_table(steps: list[Step]) -> str:
    """One aligned line per step (a failed step says why)."""
    widths = ((22, "<"), (12, ">"), (24, "<"), (8, ">"), (14, ">"), (14, ">"))
    head = ("步骤 step", "行 rows", "  单位 unit", "秒 s", "行/秒 rows/s", "峰值内存 MiB")

    def line(cells: tuple[str, ...]) -> str:
        return "".join(pad(c, w, a) for c, (w, a) in zip(cells, widths, strict=True)).rstrip()

    lines = [line(head)]
    for s in steps:
        if s.failure:
            lines.append(f"{pad(s.name, 22, '<')}{s.failure}")
        else:
            lines.append(line((s.name, f"{s.rows:,}", f"  {s.unit}", f"{s.seconds:.1f}",
                               f"{s.rows_per_second:,.0f}", f"{s.peak_mib:,.0f}")))  # fmt: skip
    return "\n".join(lines)


def _import_returns(folder: Path, term: str) -> None:
    """Every answer file of the folder through the importer, in this one process; prints the
    rows, 成功 and 失败 as JSON. The bank acts for the city (the bench is the city's)."""
    import django

    django.setup()
    from zizhu.core.scope import Scope
    from zizhu.intake.runner import import_run

    rows = succeeded = failed = 0
    for file in sorted(folder.glob("*.csv")):
        result = import_run(kind="returns", path=file, scope=Scope.city(), actor="bench:银行",
                            term=term)  # fmt: skip
        rows += result.rows
        succeeded += int(result.extra["succeeded"])
        failed += int(result.extra["failed"])
    print(json.dumps({"rows": rows, "succeeded": succeeded, "failed": failed}))


def _approve(term: str) -> None:
    """公示 and approval as the demo replays them (zizhu.demo.run): each county records its
    公示 on the day it begins, then the city approves every county's drafts two weeks later,
    on the demo's dates (the lists were worked out today, but the term is 2019's). Prints
    the entitlements approved as JSON."""
    import django

    django.setup()
    from zizhu.demo.run import publicity_and_approval
    from zizhu.synth.params import CityParams

    approved = publicity_and_approval(term, list(CityParams().county_weights))
    print(json.dumps({"count": approved}))


if __name__ == "__main__" and sys.argv[1:2] == ["returns"]:
    _import_returns(Path(sys.argv[2]), sys.argv[3])
if __name__ == "__main__" and sys.argv[1:2] == ["approve"]:
    _approve(sys.argv[2])

"""The year report as a plain-text table for a terminal (`zizhu report` without --json)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from zizhu.aid.catalogue_words import FUNDING_WORDS
from zizhu.core.money import fen_to_yuan
from zizhu.reports.selectors import ProgramLine, YearReport


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """First column left-aligned, the numbers right-aligned under their headings."""
    widths = [max(_width(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0] + " " * (widths[0] - _width(row[0]))]
        cells += [" " * (w - _width(c)) + c for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _cells(line: ProgramLine) -> list[str]:
    cells = []
    for tally in [*line.terms.values(), line.year]:
        cells += [str(tally.students), fen_to_yuan(tally.amount_fen)]
    return cells


def report_lines(report: YearReport) -> list[str]:
    heads = ["资助项目"]
    for label in [*(t.label for t in report.terms), "全年"]:
        heads += [f"{label}人次", f"{label}金额(元)"]
    rows = [heads, *([p.name, *_cells(p)] for p in [*report.programs, report.total])]
    loans = report.loans
    lines = [
        f"{report.unit}{report.year}年学生资助年度报告（按成功发放统计）",
        *_table(rows),
        f"生源地信用助学贷款：{loans.count} 笔，{fen_to_yuan(loans.amount_fen)} 元",
        *_funding_lines(report),
        "发放率（已发人数 / 应发人数）：",
    ]
    names = {t.code: t.name for t in report.terms}
    for d in report.disbursement:
        shown = "无应发" if d.rate is None else f"{d.rate}%"
        lines.append(
            f"  {names[d.term]}：应发 {d.due} 人 {fen_to_yuan(d.due_amount_fen)} 元，"
            f"已发 {d.paid} 人 {fen_to_yuan(d.paid_amount_fen)} 元，发放率 {shown}"
        )
    return lines


def _funding_lines(report: YearReport) -> list[str]:
    """资金分担: each program's paid amount by level."""
    lines = ["资金分担（元）："] if report.funding else []
    for f in report.funding:
        split = f.split_fen
        shares = (
            "，".join(f"{word} {fen_to_yuan(split[key])}" for key, word in FUNDING_WORDS.items())
            if split is not None
            else "政策目录未载明分担比例"
        )
        lines.append(f"  {f.name}：已发放 {fen_to_yuan(f.amount_fen)}；{shares}")
    return lines

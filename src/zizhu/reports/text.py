"""The year report and the year-over-year view as plain-text tables for a terminal (`zizhu
report` without --json)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from zizhu.aid.catalogue_words import FUNDING_WORDS
from zizhu.core.money import fen_to_yuan
from zizhu.reports.compare import CompareLine, YearCompare
from zizhu.reports.selectors import ProgramLine, YearReport


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """The first `left` columns left-aligned, the numbers right-aligned under their headings."""
    widths = [max(_width(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row[:left], widths[:left], strict=True)]
        cells += [" " * (w - _width(c)) + c for c, w in zip(row[left:], widths[left:], strict=True)]
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


def _signed(number: int, text: str) -> str:
    return f"+{text}" if number > 0 else text


def _compare_cells(line: CompareLine) -> list[str]:
    before, after, change = line.before, line.after, line.change
    return [
        str(before.students), str(after.students), _signed(change.students, str(change.students)),
        fen_to_yuan(before.amount_fen), fen_to_yuan(after.amount_fen),
        _signed(change.amount_fen, fen_to_yuan(change.amount_fen)),
    ]  # fmt: skip


def compare_lines(compare: YearCompare) -> list[str]:
    first, second = compare.before, compare.after
    heads = [f"{first}年人次", f"{second}年人次", "增减", f"{first}年金额(元)",
             f"{second}年金额(元)", "增减(元)"]  # fmt: skip
    programs = [["资助项目", *heads]]
    programs += [[p.name, *_compare_cells(p)] for p in [*compare.programs, compare.total]]
    counties = [["区县", "资助项目", *heads]]
    counties += [[c.county_name, c.name, *_compare_cells(c)] for c in compare.counties]
    earlier, later = compare.loans
    change = later.amount_fen - earlier.amount_fen
    return [
        f"{compare.unit}{first}—{second}年学生资助年度对比（按成功发放统计）",
        *_table(programs),
        f"生源地信用助学贷款：{first}年 {earlier.count} 笔 {fen_to_yuan(earlier.amount_fen)} 元，"
        f"{second}年 {later.count} 笔 {fen_to_yuan(later.amount_fen)} 元，"
        f"增减 {_signed(later.count - earlier.count, str(later.count - earlier.count))} 笔 "
        f"{_signed(change, fen_to_yuan(change))} 元",
        "",
        "区县分项：",
        *(_table(counties, left=2) if len(counties) > 1 else ["  （两年均无成功发放的记录）"]),
    ]

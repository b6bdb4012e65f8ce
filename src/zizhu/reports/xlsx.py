"""The year report, and the year-over-year view, as .xlsx workbooks (formats.md "Error files
and reports"): a sheet per view, each opening with a title row naming the report, the year(s)
and the unit, then Chinese headers, then rows. Amounts are numbers in yuan with the
`#,##0.00` format, from whole fen (a change may be negative); counts are whole numbers with
`#,##0`; rates keep `0.00`. Numbers stay numbers: only their look has separators.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from zizhu.reports.compare import CompareLine, YearCompare
from zizhu.reports.selectors import ProgramLine, YearReport

LOAN_CODE, LOAN_NAME = "LOAN", "生源地信用助学贷款"
NO_RATE = "—"  # nothing was due: there is no rate
WIDTHS = {"资助项目": 46, "学期": 18, "区县": 10}  # in characters; a Chinese one takes two


class Yuan(int):
    """An amount in fen, to be written as yuan."""


def report_title(report: YearReport, view: str) -> str:
    return f"{report.unit}{report.year}年学生资助年度报告——{view}"


def compare_title(compare: YearCompare, view: str) -> str:
    return f"{compare.unit}{compare.before}—{compare.after}年学生资助年度对比——{view}"


def _formats(workbook: Any) -> dict[str, Format]:
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "head": workbook.add_format({"bold": True, "border": 1, "align": "center"}),
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "count": workbook.add_format({"num_format": "#,##0"}),
        "rate": workbook.add_format({"num_format": "0.00"}),
    }


def year_report_write(path: Path, report: YearReport) -> Path:
    """Write the workbook to `path` (replacing any file there); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    formats = _formats(workbook)
    try:
        _programs_sheet(workbook, formats, report)
        _counties_sheet(workbook, formats, report)
        _rate_sheet(workbook, formats, report)
        _funding_sheet(workbook, formats, report)
    finally:
        workbook.close()
    return path


def year_compare_write(path: Path, compare: YearCompare) -> Path:
    """The year-over-year view as a workbook: sheets 项目对比 and 区县对比."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    formats = _formats(workbook)
    first, second = compare.before, compare.after
    heads = [f"{first}年人次", f"{second}年人次", "人次增减",
             f"{first}年金额(元)", f"{second}年金额(元)", "金额增减(元)"]  # fmt: skip
    try:
        rows: list[list[Any]] = [[p.code, p.name, *_compare_cells(p)] for p in compare.programs]
        rows.append(["", "合计", *_compare_cells(compare.total)])
        view = "项目对比"
        sheet = _sheet(workbook, formats, compare_title(compare, view), view,
                       ["项目代码", "资助项目", *heads], rows)  # fmt: skip
        below = len(rows) + 3
        _row(sheet, formats, below, ["项目代码", "资助项目", f"{first}年笔数", f"{second}年笔数",
                                     "笔数增减", f"{first}年金额(元)", f"{second}年金额(元)",
                                     "金额增减(元)"], head=True)  # fmt: skip
        earlier, later = compare.loans
        _row(sheet, formats, below + 1, [
            LOAN_CODE, LOAN_NAME, earlier.count, later.count, later.count - earlier.count,
            Yuan(earlier.amount_fen), Yuan(later.amount_fen),
            Yuan(later.amount_fen - earlier.amount_fen),
        ])  # fmt: skip
        view = "区县对比"
        county_rows = [[c.county, c.county_name, c.code, c.name, *_compare_cells(c)]
                       for c in compare.counties]  # fmt: skip
        _sheet(workbook, formats, compare_title(compare, view), view,
               ["区县代码", "区县", "项目代码", "资助项目", *heads], county_rows)  # fmt: skip
    finally:
        workbook.close()
    return path


def _compare_cells(line: CompareLine) -> list[Any]:
    before, after, change = line.before, line.after, line.change
    return [before.students, after.students, change.students,
            Yuan(before.amount_fen), Yuan(after.amount_fen), Yuan(change.amount_fen)]  # fmt: skip


def _term_headers(report: YearReport) -> list[str]:
    heads = []
    for term in [*(t.label for t in report.terms), "全年"]:
        heads += [f"{term}人次", f"{term}金额(元)"]
    return heads


def _term_cells(line: ProgramLine) -> list[Any]:
    cells: list[Any] = []
    for tally in [*line.terms.values(), line.year]:
        cells += [tally.students, Yuan(tally.amount_fen)]
    return cells


def _programs_sheet(workbook: Any, formats: dict[str, Format], report: YearReport) -> None:
    rows: list[list[Any]] = [[p.code, p.name, *_term_cells(p)] for p in report.programs]
    rows.append(["", "合计", *_term_cells(report.total)])
    sheet = _sheet(workbook, formats, report_title(report, "项目汇总"), "项目汇总",
                   ["项目代码", "资助项目", *_term_headers(report)], rows)  # fmt: skip
    # The loans are counted in contracts, not person-times: a block of their own below.
    below = len(rows) + 3
    _row(sheet, formats, below, ["项目代码", "资助项目", "笔数", "金额(元)"], head=True)
    loans = report.loans
    _row(sheet, formats, below + 1, [LOAN_CODE, LOAN_NAME, loans.count, Yuan(loans.amount_fen)])


def _counties_sheet(workbook: Any, formats: dict[str, Format], report: YearReport) -> None:
    headers = ["区县代码", "区县", "项目代码", "资助项目", *_term_headers(report)]
    rows = [[c.county, c.county_name, c.code, c.name, *_term_cells(c)] for c in report.counties]
    _sheet(workbook, formats, report_title(report, "区县分项"), "区县分项", headers, rows)


def _rate_sheet(workbook: Any, formats: dict[str, Format], report: YearReport) -> None:
    headers = ["学期", "应发人数", "已发人数", "应发金额(元)", "已发金额(元)", "发放率(%)"]
    names = {t.code: t.name for t in report.terms}
    rows = [
        [names[d.term], d.due, d.paid, Yuan(d.due_amount_fen), Yuan(d.paid_amount_fen),
         NO_RATE if d.rate is None else Decimal(d.rate)]
        for d in report.disbursement
    ]  # fmt: skip
    _sheet(workbook, formats, report_title(report, "发放率"), "发放率", headers, rows)


def _funding_sheet(workbook: Any, formats: dict[str, Format], report: YearReport) -> None:
    """资金分担: each program's paid amount of the year split by the catalogue's shares."""
    headers = ["项目代码", "资助项目", "已发放金额(元)", "中央(元)", "省级(元)", "市级(元)",
               "县级(元)"]  # fmt: skip
    rows: list[list[Any]] = []
    for line in report.funding:
        split = line.split_fen
        parts: list[Any] = (
            [Yuan(split[k]) for k in ("central", "provincial", "city", "county")]
            if split is not None
            else ["政策目录未载明分担比例", "", "", ""]
        )
        rows.append([line.code, line.name, Yuan(line.amount_fen), *parts])
    _sheet(workbook, formats, report_title(report, "资金分担"), "资金分担", headers, rows)


def _sheet(
    workbook: Any,
    formats: dict[str, Format],
    title: str,
    view: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> Worksheet:
    sheet: Worksheet = workbook.add_worksheet(view)
    sheet.write_string(0, 0, title, formats["title"])
    _row(sheet, formats, 1, headers, head=True)
    for n, row in enumerate(rows, start=2):
        _row(sheet, formats, n, row)
    for col, header in enumerate(headers):
        sheet.set_column(col, col, WIDTHS.get(header, 14))
    sheet.freeze_panes(2, 0)
    return sheet


def _row(
    sheet: Worksheet, formats: dict[str, Format], row: int, cells: Sequence[Any], head: bool = False
) -> None:
    for col, value in enumerate(cells):
        if value == "":
            continue  # a blank cell, not an empty string
        if head:
            sheet.write_string(row, col, str(value), formats["head"])
        elif isinstance(value, Yuan):
            # fen / 100 is the double nearest the exact yuan amount; written back as "187.5".
            sheet.write_number(row, col, int(value) / 100, formats["money"])
        elif isinstance(value, Decimal):  # a rate: 2 decimals, as the text report shows it
            sheet.write_number(row, col, float(value), formats["rate"])
        elif isinstance(value, int):
            sheet.write_number(row, col, value, formats["count"])
        else:
            sheet.write_string(row, col, str(value))

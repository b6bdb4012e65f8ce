"""Writing real spreadsheet files for tests: .xlsx (xlsxwriter), .xls (xlwt), .csv."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
import xlwt

Cell = Any  # str, int, float, datetime.date or None


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    *,
    sheet: str = "Sheet1",
    title_rows: Sequence[str] = (),
    merge_titles: bool = True,
    other_sheet_first: bool = False,
) -> Path:
    """Title rows (merged across the header's width) above the header and data rows."""
    workbook = xlsxwriter.Workbook(str(path))
    if other_sheet_first:
        workbook.add_worksheet("说明").write_string(0, 0, "填表说明")
    ws = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    width = max((len(r) for r in rows), default=1)
    for r, title in enumerate(title_rows):
        if merge_titles and width > 1:
            ws.merge_range(r, 0, r, width - 1, title)
        else:
            ws.write_string(r, 0, title)
    for r, row in enumerate(rows, start=len(title_rows)):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif hasattr(value, "year"):
                ws.write_datetime(r, c, value, date_format)
            else:
                ws.write_number(r, c, value)
    workbook.close()
    return path


def write_xls(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    *,
    sheet: str = "Sheet1",
    title_rows: Sequence[str] = (),
) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    ws = workbook.add_sheet(sheet)
    for r, title in enumerate(title_rows):
        ws.write(r, 0, title)
    for r, row in enumerate(rows, start=len(title_rows)):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    workbook.save(str(path))
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    *,
    encoding: str = "utf-8",
    title_rows: Sequence[str] = (),
) -> Path:
    """encoding: 'utf-8', 'utf-8-sig' (with BOM) or 'gb18030'."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        for title in title_rows:
            writer.writerow([title])
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write_sheet(path: Path, rows: Sequence[Sequence[Cell]], **kwargs: Any) -> Path:
    """Write by the path's suffix: .xlsx, .xls or .csv."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(path, rows, **kwargs)
    if suffix == ".xls":
        kwargs.pop("merge_titles", None)
        kwargs.pop("other_sheet_first", None)
        return write_xls(path, rows, **kwargs)
    kwargs.pop("sheet", None)
    kwargs.pop("merge_titles", None)
    kwargs.pop("other_sheet_first", None)
    return write_csv(path, rows, **kwargs)

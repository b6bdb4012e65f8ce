"""The error file: the header row, the rejected rows as they came, and a last 错误原因 column.

Written in the format the file came in (.xls is answered with .xlsx; a CSV in its own encoding).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import xlsxwriter

if TYPE_CHECKING:
    from zizhu.intake.reader import Table

REASON_HEADER = "错误原因"


def write_error_file(table: Table, rejected: pl.DataFrame, directory: Path) -> Path:
    """rejected: the columns "_row" and "_reason" (the first two columns), in file order."""
    directory.mkdir(parents=True, exist_ok=True)
    row_col, reason_col = rejected.columns[:2]
    rows = (
        table.raw.join(rejected, left_on="_row", right_on=row_col, how="inner")
        .sort("_row")
        .drop("_row")
    )
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
    header = [*table.header, REASON_HEADER]
    if table.container == "csv":
        path = directory / f"{table.path.stem}-错误-{stamp}.csv"
        with path.open("w", encoding=table.encoding or "utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(["" if c is None else c for c in row] for row in rows.iter_rows())
        return path
    path = directory / f"{table.path.stem}-错误-{stamp}.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("错误行")
    for col, value in enumerate(header):
        sheet.write_string(0, col, value)
    for r, row in enumerate(rows.iter_rows(), start=1):
        for col, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, col, str(value))  # text, so ID numbers stay whole
    workbook.close()
    return path

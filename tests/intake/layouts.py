"""A small layout for reading tests, and a reader of written files back into rows."""

from __future__ import annotations

import csv
from pathlib import Path

import fastexcel

from zizhu.intake.layout import Column, Layout

LAYOUT = Layout(
    kind="test",
    sheet="学生名册",
    columns=(
        Column("身份证件号", "id_number", required=True),
        Column("姓名", "name", required=True),
        Column("金额", "amount"),
        Column("日期", "day"),
    ),
)
HEADER = ["姓名", "身份证件号", "金额", "日期"]


def read_back(path: Path, *, encoding: str = "utf-8") -> list[list[str]]:
    """Every row of a written file (an error file) as text; empty cells as ""."""
    if path.suffix == ".csv":
        with path.open(encoding=encoding, newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    sheet = fastexcel.read_excel(path).load_sheet(0, header_row=None, dtypes="string")
    return [[cell or "" for cell in row] for row in sheet.to_polars().rows()]

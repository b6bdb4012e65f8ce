"""Random grids written as real files: refused with a message, or every record read once.

A record is a row below the header with any text in a column of the layout; its number is the
sheet's row (a CSV's line, where a quoted line break starts a new line) and its cells are the
cleaned text of what was written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.files import write_csv, write_xlsx
from tests.intake.layouts import LAYOUT
from tests.intake.strategies import AWKWARD
from zizhu.core.errors import Refused
from zizhu.intake.cleaning import clean_value
from zizhu.intake.reader import ROW, read_table

FILES = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
UNKNOWN = ["备注", "班级", ""]
# Printable text (no control characters, which no spreadsheet cell holds), the characters
# cleaning deals with, and line breaks inside cells.
CHARS = st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from(AWKWARD + "\n")
Cell = str | int | None


@dataclass
class Grid:
    titles: list[str]
    header: list[str]  # as written, perhaps with spaces around the names
    rows: list[list[Cell]]
    missing: list[str]  # required headers left out: the file must be refused


@st.composite
def grids(draw: st.DrawFn, *, numbers: bool) -> Grid:
    required = LAYOUT.required_headers
    some = st.lists(st.sampled_from(required), min_size=1, unique=True)
    names = list(draw(st.just(required) | some))
    names += draw(st.lists(st.sampled_from(["金额", "日期", *UNKNOWN]), unique=True, max_size=3))
    names = draw(st.permutations(names))
    pad = st.sampled_from(["", " ", "\u00a0", "\u3000"])
    header = [draw(pad) + name + draw(pad) for name in names]
    text = st.text(CHARS, max_size=10)
    cell = st.one_of(st.none(), text, st.integers(-(10**9), 10**9)) if numbers else st.none() | text
    row = st.lists(cell, max_size=len(header) + 2)
    return Grid(
        titles=draw(st.lists(st.text(CHARS.filter(lambda c: c != "\n"), max_size=12), max_size=4)),
        header=header,
        rows=draw(st.lists(row, max_size=12)),
        missing=[h for h in required if h not in names],
    )


def as_text(cell: Cell) -> str | None:
    return None if cell is None else str(cell)


def expected_records(grid: Grid, *, first_row: int, line_breaks: bool) -> list[dict[str, Any]]:
    """What the reader must find: the records, numbered and cleaned, in file order."""
    position = {clean_value(h): i for i, h in reversed(list(enumerate(grid.header)))}
    records = []
    number = first_row
    for row in grid.rows:
        cells = [as_text(row[i]) if i < len(row) else None for i in range(len(grid.header))]
        record = {c.field: clean_value(cells[position[c.header]]) if c.header in position else None
                  for c in LAYOUT.columns}  # fmt: skip
        if any(value is not None for value in record.values()):
            records.append({ROW: number, **record})
        breaks = sum((as_text(c) or "").count("\n") for c in row) if line_breaks else 0
        number += 1 + breaks
    return records


def read_records(path: Path, grid: Grid) -> list[dict[str, Any]] | str:
    """The records read, or the message of the refusal."""
    try:
        table = read_table(path, LAYOUT)
    except Refused as refused:
        return refused.message
    assert table.raw[ROW].to_list() == table.frame[ROW].to_list()
    # The header as found, widened with empty names where rows are wider, so that the error
    # file keeps every cell a row came with.
    assert table.header[: len(grid.header)] == grid.header
    assert set(table.header[len(grid.header) :]) <= {""}
    assert table.raw.width == 1 + len(table.header)
    return table.frame.to_dicts()


def expected(grid: Grid, *, first_row: int, line_breaks: bool) -> list[dict[str, Any]] | str:
    if grid.missing:
        return f"缺少必填列：{'、'.join(grid.missing)}"
    return expected_records(grid, first_row=first_row, line_breaks=line_breaks)


@FILES
@given(grids(numbers=False), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_a_random_csv_is_refused_or_read_whole(grid: Grid, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(
            Path(folder) / "f.csv", [grid.header, *grid.rows], encoding=encoding,
            title_rows=grid.titles,
        )  # fmt: skip
        found = read_records(path, grid)
    first = len(grid.titles) + 2
    assert found == expected(grid, first_row=first, line_breaks=True)


@FILES
@given(grids(numbers=True))
def test_a_random_xlsx_is_refused_or_read_whole(grid: Grid) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(
            Path(folder) / "f.xlsx", [grid.header, *grid.rows], sheet="学生名册",
            title_rows=grid.titles,
        )  # fmt: skip
        found = read_records(path, grid)
    first = len(grid.titles) + 2
    assert found == expected(grid, first_row=first, line_breaks=False)

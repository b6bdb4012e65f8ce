"""The streaming writer's text cells: whatever a name, an address or a bank's name holds, the
file stays well-formed and reads back as the same text, less the control characters XML 1.0
cannot carry."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zizhu.core.xlsx import AMOUNT, COUNT, INT, MONEY, TEXT, Workbook

# What XML 1.0 cannot hold even escaped (the writer drops these), and nothing else.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HOSTILE = "&<>\"'\x00\x01\x0b\x1f\t\ufffe\uffff]]>名·é\u200d"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.sampled_from(_HOSTILE), st.characters(blacklist_categories=("Cs",))
            ),
            max_size=30,
        ),
        min_size=1,
        max_size=40,
    )
)
def test_any_text_reads_back_as_written_less_what_xml_cannot_hold(tmp_path_factory, texts):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("texts") / "t.xlsx"
    with Workbook(path) as book:
        book.sheet("t", ["序号", "文字"], [INT, TEXT], [(n, t) for n, t in enumerate(texts)])
        book.close()
    sheet = openpyxl.load_workbook(path, read_only=True)["t"]
    back = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # openpyxl reads an empty inline string as None, and a lone "\r" as "\n" (XML's line ends)
    expected = [
        _FORBIDDEN.sub("", t).replace("\r\n", "\n").replace("\r", "\n") or None for t in texts
    ]
    assert [b.replace("\r\n", "\n").replace("\r", "\n") if b else None for b in back] == expected


def test_a_cell_with_markup_is_text_not_markup(tmp_path: Path):
    path = tmp_path / "m.xlsx"
    with Workbook(path) as book:
        book.sheet("t", ["名"], [TEXT], [("</t></is></c><c><v>1</v>",), ("a&b",)])
        book.close()
    sheet = openpyxl.load_workbook(path)["t"]
    assert sheet["A2"].value == "</t></is></c><c><v>1</v>"
    assert sheet["A3"].value == "a&b"
    assert sheet.max_column == 1


def test_each_character_xml_cannot_hold_is_dropped_even_alone_in_its_cell(tmp_path: Path):
    dropped = [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)]
    path = tmp_path / "c.xlsx"
    with Workbook(path) as book:
        book.sheet("t", ["名"], [TEXT], [(f"甲{c}乙",) for c in dropped])
        book.close()
    sheet = openpyxl.load_workbook(path, read_only=True)["t"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["甲乙"] * len(
        dropped
    )


_KINDS = [TEXT, INT, MONEY, TEXT, COUNT, AMOUNT]
_SCHEMA = {
    "a": pl.String,
    "b": pl.Int64,
    "c": pl.Int64,
    "d": pl.String,
    "e": pl.Int64,
    "f": pl.Int64,
}
_texts = st.one_of(
    st.none(),
    st.text(
        alphabet=st.one_of(st.sampled_from(_HOSTILE), st.characters(blacklist_categories=("Cs",))),
        max_size=12,
    ),
)
_numbers = st.one_of(st.none(), st.integers(min_value=-(10**12), max_value=10**12))


_EVERY_DROPPED = "".join(
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)
)


@settings(max_examples=60, deadline=None)
@example([(_EVERY_DROPPED + "&<>甲", -1, -101, None, None, 5)], 1, [])
@given(
    st.lists(st.tuples(_texts, _numbers, _numbers, _texts, _numbers, _numbers), max_size=60),
    st.integers(min_value=1, max_value=25),
    st.lists(st.text(max_size=8), max_size=2),
)
def test_a_sheet_from_frames_is_byte_for_byte_the_sheet_from_rows(
    tmp_path_factory, rows, piece, titles
):  # type: ignore[no-untyped-def]
    """The bank files are written from frames, the pages' lists from rows: one file either way."""
    folder = tmp_path_factory.mktemp("same")
    header = ["甲", "乙", "丙", "丁", "戊", "己"]
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    with Workbook(folder / "rows.xlsx") as book:
        assert book.sheet("t", header, _KINDS, rows, titles=titles, footer=["完"]) == len(rows)
        book.close()
    with Workbook(folder / "frames.xlsx") as book:
        pieces = [frame.slice(at, piece) for at in range(0, len(rows), piece)]
        assert book.frame_sheet("t", header, _KINDS, pieces, titles=titles, footer=["完"]) == len(
            rows
        )
        book.close()
    with zipfile.ZipFile(folder / "rows.xlsx") as a, zipfile.ZipFile(folder / "frames.xlsx") as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")

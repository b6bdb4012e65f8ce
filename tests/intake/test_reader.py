"""Reading a file: what is refused whole, where the header is, which sheet, which row numbers."""

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from tests.files import write_csv, write_sheet, write_xlsx
from tests.ids import make_id
from tests.intake.layouts import HEADER, LAYOUT
from zizhu.core.errors import Code, Refused
from zizhu.intake import reader
from zizhu.intake.reader import HEADER_SEARCH_ROWS, ROW, read_table

NOT_A_SPREADSHEET = Code.FILE_NOT_SPREADSHEET
ID = make_id()
TITLES = [f"湛江市2019年秋季学期学生名册（第{i}行标题）" for i in range(1, 11)]


def refused(path: Path) -> Code:
    with pytest.raises(Refused) as caught:
        read_table(path, LAYOUT)
    assert caught.value.message  # and a Chinese message for the sender
    return caught.value.code


# ---- files refused whole -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["data.xlsx", "data.xls", "data.csv"])
def test_random_bytes_are_not_a_spreadsheet(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(random.Random(7).randbytes(4096))
    assert refused(path) == NOT_A_SPREADSHEET


@pytest.mark.parametrize("name", ["名册.pdf", "名册.xlsx", "名册.csv"])
def test_a_pdf_is_not_a_spreadsheet(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(
        b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
    )
    assert refused(path) == NOT_A_SPREADSHEET


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("名册.txt", "姓名,身份证件号")
    path = tmp_path / "名册.xlsx"
    path.write_bytes(buffer.getvalue())
    assert refused(path) == Code.FILE_UNREADABLE


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", [HEADER, ["张三", ID]]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert refused(path) == Code.FILE_UNREADABLE


def test_an_ole_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert refused(path) == Code.FILE_UNREADABLE


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_csv_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert refused(path) == Code.FILE_EMPTY


def test_an_empty_workbook_is_refused(tmp_path: Path) -> None:
    assert refused(write_xlsx(tmp_path / "empty.xlsx", [])) == Code.FILE_EMPTY


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path / "nowhere.csv") == Code.FILE_MISSING
    assert refused(tmp_path) == Code.FILE_MISSING


def test_a_csv_in_neither_utf8_nor_gb18030_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("姓名,身份证件号\n".encode() + b"\xff\xfe\x80\x80\n")
    assert refused(path) == Code.FILE_ENCODING


def test_a_csv_with_a_utf8_mark_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    """The byte-order mark says UTF-8; GB18030 text after it is not read as GB18030."""
    path = tmp_path / "marked.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "姓名,身份证件号\n张三,1\n".encode("gb18030"))
    assert refused(path) == Code.FILE_ENCODING


def test_a_csv_of_ideographic_spaces_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "spaces.csv"
    path.write_text("\u3000\u3000\r\n\u3000\r\n", encoding="utf-8")
    assert refused(path) == Code.FILE_EMPTY


def test_utf8_is_checked_across_the_pieces_it_is_read_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large CSV is checked as UTF-8 a piece at a time: a character cut by a piece's end
    is still whole (one byte a piece cuts every Chinese character), and a bad byte in a
    later piece still refuses the file."""
    monkeypatch.setattr(reader, "_DECODE_PIECE", 1)
    good = write_csv(tmp_path / "f.csv", [HEADER, ["张三", ID], ["欧阳娜娜", ID]])
    assert read_table(good, LAYOUT).frame["name"].to_list() == ["张三", "欧阳娜娜"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.read_bytes() + "李四,".encode() + b"\xff\xfe\x80\x80\n")
    assert refused(bad) == Code.FILE_ENCODING


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls"])
def test_a_missing_required_column_refuses_the_file(tmp_path: Path, suffix: str) -> None:
    path = write_sheet(tmp_path / f"f{suffix}", [["身份证件号", "金额"], [ID, "1"]])
    assert refused(path) == Code.FILE_MISSING_COLUMN


def test_a_file_with_no_header_row_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [["甲", "乙"], ["1", "2"]])
    assert refused(path) == Code.FILE_NO_HEADER


def test_a_header_below_the_search_window_is_not_found(tmp_path: Path) -> None:
    titles = [f"标题{i}" for i in range(HEADER_SEARCH_ROWS)]
    path = write_csv(tmp_path / "f.csv", [HEADER, ["张三", ID]], title_rows=titles)
    assert refused(path) == Code.FILE_NO_HEADER


# ---- header, sheet and row numbers -------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_ten_title_rows_above_the_header_are_skipped_and_counted(
    tmp_path: Path, suffix: str
) -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["张三", ID, "1.5", None],
        [None] * 4,
        ["李四", ID, None, None],
    ]
    path = write_sheet(tmp_path / f"f{suffix}", rows, sheet="学生名册", title_rows=TITLES)
    table = read_table(path, LAYOUT)
    # Header on row 11; row 13 is empty spacing, not a record, but keeps its number.
    assert table.frame[ROW].to_list() == [12, 14]
    assert table.frame["name"].to_list() == ["张三", "李四"]
    assert table.header == HEADER
    assert table.container == suffix[1:]


def test_merged_title_cells_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx", [HEADER, ["张三", ID, None, None]], title_rows=TITLES[:3]
    )
    assert read_table(path, LAYOUT).frame[ROW].to_list() == [5]


def test_rows_keep_their_numbers_when_the_sheet_starts_lower_and_further_right(
    tmp_path: Path,
) -> None:
    path = tmp_path / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("学生名册")
    sheet.write_row(3, 2, HEADER)
    sheet.write_row(4, 2, ["张三", ID])
    workbook.close()
    table = read_table(path, LAYOUT)
    assert table.frame.select(ROW, "name", "id_number").rows() == [(5, "张三", ID)]


def test_the_sheet_named_as_the_template_is_read_before_a_first_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx", [HEADER, ["张三", ID]], sheet="学生名册", other_sheet_first=True
    )
    assert read_table(path, LAYOUT).frame["name"].to_list() == ["张三"]


def test_the_first_sheet_is_read_where_none_has_the_template_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [HEADER, ["张三", ID]], sheet="Sheet1")
    assert read_table(path, LAYOUT).frame["name"].to_list() == ["张三"]
    other_first = write_xlsx(
        tmp_path / "g.xlsx", [HEADER, ["张三", ID]], sheet="Sheet1", other_sheet_first=True
    )
    assert refused(other_first) == Code.FILE_NO_HEADER


def test_columns_may_come_in_any_order_and_unknown_ones_are_ignored(tmp_path: Path) -> None:
    rows = [["备注", "日期", "身份证件号", "班级", "姓名"], ["x", "2019-09-01", ID, "1班", "张三"]]
    table = read_table(write_csv(tmp_path / "f.csv", rows), LAYOUT)
    assert table.frame.drop(ROW).rows(named=True) == [
        {"id_number": ID, "name": "张三", "amount": None, "day": "2019-09-01"}
    ]
    assert table.raw.drop(ROW).rows() == [("x", "2019-09-01", ID, "1班", "张三")]


def test_headers_are_found_through_spaces_and_full_width_letters(tmp_path: Path) -> None:
    rows = [["\u00a0姓名 ", "\u3000身份证件号"], ["张三", ID]]
    table = read_table(write_csv(tmp_path / "f.csv", rows), LAYOUT)
    assert table.frame["id_number"].to_list() == [ID]
    assert table.header == ["\u00a0姓名 ", "\u3000身份证件号"]  # as found, for the error file


def test_a_repeated_header_takes_its_first_column(tmp_path: Path) -> None:
    rows = [["姓名", "身份证件号", "姓名"], ["张三", ID, "李四"]]
    assert read_table(write_csv(tmp_path / "f.csv", rows), LAYOUT).frame["name"].to_list() == [
        "张三"
    ]


def test_a_csv_row_number_is_the_line_on_which_the_record_starts(tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER, ["张\n三", ID, None, None], ["李四", ID, None, None]]
    table = read_table(write_csv(tmp_path / "f.csv", rows, title_rows=["名册"]), LAYOUT)
    assert table.frame.select(ROW, "name").rows() == [(3, "张\n三"), (5, "李四")]


def test_short_and_long_csv_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("名册\n姓名,身份证件号,金额\n张三\n李四,1,2,3,4\n", encoding="utf-8")
    table = read_table(path, LAYOUT)
    assert table.frame.select(ROW, "name", "id_number", "amount").rows() == [
        (3, "张三", None, None),
        (4, "李四", "1", "2"),
    ]


def test_the_table_knows_its_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER, ["张三", ID]], encoding="gb18030")
    table = read_table(path, LAYOUT)
    assert (table.path, table.container, table.encoding, table.rows) == (path, "csv", "gb18030", 1)
    assert len(table.sha256) == 64

"""Reading cells: encodings, cleaning, Excel's numbers and dates, checked with the value rules."""

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlwt

from tests.files import write_csv, write_sheet, write_xlsx
from tests.ids import make_id
from tests.intake.layouts import HEADER, LAYOUT
from zizhu.intake import values as v
from zizhu.intake.reader import Table, read_table

TODAY = dt.date(2019, 9, 1)
EXCEL_REASON = f"身份证件号{v.MSG_EXCEL_NUMBER}"


def checked(table: Table) -> pl.DataFrame:
    """The table's ID reason, amount and day, as an importer would check them."""
    return table.frame.with_columns(v.id_number_text("id_number").alias("id_number")).select(
        "name",
        "id_number",
        v.id_number_reason("id_number", today=TODAY).alias("id_reason"),
        v.money_fen("amount").alias("fen"),
        v.money_reason("amount", "金额").alias("amount_reason"),
        v.date_value("day").alias("day_value"),
        v.date_reason("day", "日期").alias("day_reason"),
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_is_read_in_the_encoding_it_came_in(tmp_path: Path, encoding: str) -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["欧阳娜娜", make_id(), "1500.00", "2019-09-01"],
        ["𠮷野家", make_id(), None, None],  # 𠮷 is outside GBK, inside GB18030
    ]
    path = write_csv(tmp_path / "f.csv", rows, encoding=encoding, title_rows=["湛江市学生名册"])
    table = read_table(path, LAYOUT)
    assert table.encoding == encoding
    assert table.header == HEADER  # no byte-order mark left on the first header
    assert table.frame["name"].to_list() == ["欧阳娜娜", "𠮷野家"]


def test_a_gb18030_file_is_not_mistaken_for_utf8(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER, ["张三", make_id()]], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_table(path, LAYOUT).frame["name"].to_list() == ["张三"]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_an_id_that_excel_stored_as_a_number_is_rejected(tmp_path: Path, suffix: str) -> None:
    path = write_sheet(tmp_path / f"f{suffix}", [HEADER, ["张三", 440802200101011000]])
    result = checked(read_table(path, LAYOUT))
    # The cell holds the nearest double; its last digits are gone for good.
    assert result["id_number"].to_list() == ["440802200101011008"]
    assert result["id_reason"].to_list() == [EXCEL_REASON]


@pytest.mark.parametrize("cell", ["4.40802E+17", "440802200101011000", "4.40802200101011E+17"])
def test_an_id_that_excel_wrote_into_a_csv_as_a_number_is_rejected(
    tmp_path: Path, cell: str
) -> None:
    path = write_csv(tmp_path / "f.csv", [HEADER, ["张三", cell]], encoding="gb18030")
    assert checked(read_table(path, LAYOUT))["id_reason"].to_list() == [EXCEL_REASON]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_full_width_digits_and_a_lowercase_x_are_cleaned_then_valid(
    tmp_path: Path, suffix: str
) -> None:
    with_x = next(i for i in (make_id(seq=s) for s in range(1000)) if i.endswith("X"))
    typed = with_x[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    path = write_sheet(
        tmp_path / f"f{suffix}", [HEADER, ["张三", f"\u3000{typed}\u00a0", "１５００"]]
    )
    result = checked(read_table(path, LAYOUT))
    assert result.select("id_number", "id_reason", "fen").rows() == [(with_x, None, 150000)]


def test_non_breaking_spaces_are_cleaned_inside_and_around_cells(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        HEADER,
        ["\u00a0张\u00a0三\u00a0", f"\u00a0{make_id()}\u202f", "\u00a0\u00a0", None],
    ]
    table = read_table(write_xlsx(tmp_path / "f.xlsx", rows), LAYOUT)
    assert table.frame.select("name", "id_number", "amount").rows() == [("张 三", make_id(), None)]
    assert table.raw["c0"].to_list() == ["\u00a0张\u00a0三\u00a0"]  # as sent, for the error file


def test_rows_of_only_spaces_are_not_records(tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER, ["\u3000", " ", None, "\u00a0"], ["张三", make_id()]]
    assert read_table(write_csv(tmp_path / "f.csv", rows), LAYOUT).rows == 1


def test_excel_numbers_are_read_as_the_text_they_show(tmp_path: Path) -> None:
    amounts = [1500, 1500.5, 0.1 + 0.2, 1000 / 3]  # the last shows 333.333333333333
    rows: list[list[Any]] = [HEADER, *[["张三", make_id(seq=i), a] for i, a in enumerate(amounts)]]
    result = checked(read_table(write_xlsx(tmp_path / "f.xlsx", rows), LAYOUT))
    assert result["fen"].to_list() == [150000, 150050, 30, None]
    assert result["amount_reason"].to_list() == [None, None, None, "金额最多保留两位小数"]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_large_number_cells_are_read_as_excel_shows_them(tmp_path: Path, suffix: str) -> None:
    # The reader prints 99999999.99 as '99999999.989999995': more digits than Excel keeps.
    amounts = [99999999.99, 123456789012.34, 1e9 / 3]  # the last shows 333333333.333333
    rows: list[list[Any]] = [HEADER, *[["张三", make_id(seq=i), a] for i, a in enumerate(amounts)]]
    result = checked(read_table(write_sheet(tmp_path / f"f{suffix}", rows), LAYOUT))
    assert result["fen"].to_list() == [9999999999, 12345678901234, None]
    assert result["amount_reason"].to_list() == [None, None, "金额最多保留两位小数"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_dates_in_every_format_of_the_spec(tmp_path: Path, suffix: str) -> None:
    days = [dt.date(2019, 9, 1), "2019-09-01", "2019/9/1", "20190901", "2019.9.1", "2019-02-30"]
    if suffix == ".csv":
        days[0] = "43709"  # what a CSV holds where Excel wrote a date cell as a number
    rows: list[list[Any]] = [
        HEADER,
        *[["张三", make_id(seq=i), None, day] for i, day in enumerate(days)],
    ]
    result = checked(read_table(write_sheet(tmp_path / f"f{suffix}", rows), LAYOUT))
    assert result["day_value"].to_list() == [dt.date(2019, 9, 1)] * 4 + [None, None]
    assert result["day_reason"].to_list() == [None] * 4 + ["日期不是有效日期（如 2019-09-01）"] * 2


def test_date_and_date_time_cells_of_an_xls_are_read(tmp_path: Path) -> None:
    path = tmp_path / "f.xls"
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("学生名册")
    style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    for c, header in enumerate(HEADER):
        sheet.write(0, c, header)
    sheet.write(1, 0, "张三")
    sheet.write(1, 1, make_id())
    sheet.write(1, 3, dt.datetime(2019, 9, 1, 10, 30), style)
    workbook.save(str(path))
    assert checked(read_table(path, LAYOUT))["day_value"].to_list() == [dt.date(2019, 9, 1)]

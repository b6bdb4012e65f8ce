"""`zizhu report`: the JSON of cli.md, a readable table, and the workbook read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.cli import finish, zizhu
from tests.reports.year import build_year, import_loans
from zizhu.cli import main
from zizhu.core.scope import Scope
from zizhu.reports.selectors import year_report
from zizhu.reports.xlsx import year_report_write

TERM_HEADS = ["春季人次", "春季金额(元)", "秋季人次", "秋季金额(元)", "全年人次", "全年金额(元)"]


def sheet_rows(path: Path, name: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(path)
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def number_formats(path: Path, name: str, row: int) -> list[str]:
    return [c.number_format for c in openpyxl.load_workbook(path)[name][row]]


@pytest.mark.django_db
def test_the_workbook_has_a_titled_sheet_per_view_with_chinese_headers(
    tmp_path: Path, errors_dir: Path
) -> None:
    build_year(tmp_path)
    import_loans(tmp_path, errors_dir)
    path = year_report_write(
        tmp_path / "out" / "report.xlsx", year_report(scope=Scope.city(), year=2019)
    )
    # 资金分担 added with the funding shares (issue 12)
    assert openpyxl.load_workbook(path).sheetnames == ["项目汇总", "区县分项", "发放率", "资金分担"]

    programs = sheet_rows(path, "项目汇总")
    assert programs[0][0] == "湛江市2019年学生资助年度报告——项目汇总"
    assert programs[1] == ["项目代码", "资助项目", *TERM_HEADS]
    assert programs[2] == ["JDLK_LIVING", "建档立卡贫困学生生活费补助", 0, 0, 1, 1500, 1, 1500]
    assert programs[7] == ["SEN_TUITION", "普通高中免学费", 0, 0, 1, 1250, 1, 1250]
    assert programs[9] == [None, "合计", 3, 3000, 5, 5750, 8, 8750]
    assert programs[11][:4] == ["项目代码", "资助项目", "笔数", "金额(元)"]
    assert programs[12][:4] == ["LOAN", "生源地信用助学贷款", 2, 14000.5]
    # Issue 14: counts and amounts read with separators, and stay numbers.
    assert number_formats(path, "项目汇总", 3)[2:8] == ["#,##0", "#,##0.00"] * 3

    counties = sheet_rows(path, "区县分项")
    assert counties[0][0] == "湛江市2019年学生资助年度报告——区县分项"
    assert counties[1] == ["区县代码", "区县", "项目代码", "资助项目", *TERM_HEADS]
    assert counties[2:] == [
        ["440802", "赤坎区", "JDLK_LIVING", "建档立卡贫困学生生活费补助", 0, 0, 1, 1500, 1, 1500],
        ["440802", "赤坎区", "SEN_GRANT", "普通高中国家助学金", 3, 3000, 2, 2000, 5, 5000],
        ["440802", "赤坎区", "SEN_TUITION", "普通高中免学费", 0, 0, 1, 1250, 1, 1250],
        ["440803", "霞山区", "SEN_GRANT", "普通高中国家助学金", 0, 0, 1, 1000, 1, 1000],
    ]

    rates = sheet_rows(path, "发放率")
    assert rates[0][0] == "湛江市2019年学生资助年度报告——发放率"
    assert rates[1] == ["学期", "应发人数", "已发人数", "应发金额(元)", "已发金额(元)", "发放率(%)"]
    assert rates[2:] == [
        ["2019年春季学期", 3, 3, 3000, 3000, 100],
        ["2019年秋季学期", 7, 5, 7750, 5750, 71.43],
    ]
    assert number_formats(path, "发放率", 4)[1:] == ["#,##0"] * 2 + ["#,##0.00"] * 2 + ["0.00"]


@pytest.mark.django_db
def test_a_county_workbook_names_the_county_and_a_term_with_nothing_due_shows_no_rate(
    tmp_path: Path,
) -> None:
    build_year(tmp_path)
    path = year_report_write(
        tmp_path / "r.xlsx", year_report(scope=Scope.of_county("440803"), year=2019)
    )
    rates = sheet_rows(path, "发放率")
    assert rates[0][0] == "霞山区2019年学生资助年度报告——发放率"
    assert rates[2] == ["2019年春季学期", 0, 0, 0, 0, "—"]


@pytest.mark.django_db
def test_report_prints_the_json_of_the_contract_and_writes_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_year(tmp_path)
    path = tmp_path / "year.xlsx"
    assert main(["report", "--year", "2019", "--json", "--xlsx", str(path)]) == 0
    out, err = capsys.readouterr()
    assert (
        json.loads(out) == year_report(scope=Scope.city(), year=2019).as_json()
    )  # stdout: the JSON alone
    assert str(path) in err
    assert sheet_rows(path, "发放率")[3][-1] == 71.43


@pytest.mark.django_db
def test_report_prints_a_readable_chinese_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_year(tmp_path)
    assert main(["report", "--year", "2019"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "湛江市2019年学生资助年度报告（按成功发放统计）"
    assert lines[1].split() == ["资助项目", *TERM_HEADS]
    assert lines[6].split() == [
        "普通高中国家助学金",
        "3",
        "3000.00",
        "3",
        "3000.00",
        "6",
        "6000.00",
    ]
    assert lines[9].split() == ["合计", "3", "3000.00", "5", "5750.00", "8", "8750.00"]
    assert lines[10] == "生源地信用助学贷款：0 笔，0.00 元"
    assert lines[-1] == (
        "  2019年秋季学期：应发 7 人 7750.00 元，已发 5 人 5750.00 元，发放率 71.43%"
    )
    # The columns line up: every figure ends where its heading ends.
    assert len({len(line.encode("gbk")) for line in lines[1:10]}) == 1


def test_the_command_reports_an_empty_year_and_refuses_a_year_without_terms(
    tmp_path: Path, database: str
) -> None:
    document = json.loads(finish(zizhu(database, tmp_path, "report", "--year", "2019", "--json")))
    assert document["disbursement"]["2019-2"]["rate"] is None
    assert finish(zizhu(database, tmp_path, "report", "--year", "2030"), expect=3) == ""

"""The year-over-year view: two year reports side by side, its JSON, text and workbook."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest

from zizhu.cli import main
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.reports.compare import compare_reports, year_compare
from zizhu.reports.selectors import (
    LoanYear,
    ProgramLine,
    ReportTerm,
    Tally,
    TermDisbursement,
    YearReport,
)
from zizhu.reports.text import compare_lines
from zizhu.reports.xlsx import year_compare_write


def _report(year: int, lines: dict[tuple[str, str], Tally], loans: LoanYear) -> YearReport:
    """A report of `year` paying `lines` ((county, program): the year's tally) in its spring."""
    names = {"SEN_GRANT": "普通高中国家助学金", "PRE_AID": "学前教育幼儿资助",
             "NEW_AID": "新项目"}  # fmt: skip
    regions = {"440802": "赤坎区", "440803": "霞山区"}
    terms = [ReportTerm(f"{year}-1", f"{year}年春季学期", "春季"),
             ReportTerm(f"{year}-2", f"{year}年秋季学期", "秋季")]  # fmt: skip

    def per_term(tally: Tally) -> dict[str, Tally]:
        return {terms[0].code: tally, terms[1].code: Tally()}

    counties = [
        ProgramLine(code, names[code], per_term(tally), county, regions[county])
        for (county, code), tally in sorted(lines.items())
    ]
    codes = list(dict.fromkeys(code for _, code in lines))
    programs = [
        ProgramLine(code, names[code], per_term(sum(
            (t for (_, c), t in lines.items() if c == code), Tally())))
        for code in codes
    ]  # fmt: skip
    disbursement = [TermDisbursement(t.code, 0, 0, 0, 0) for t in terms]
    return YearReport(year, None, "湛江市", terms, programs, counties, loans, disbursement, [])


EARLIER = _report(
    2019,
    {("440802", "SEN_GRANT"): Tally(3, 300000), ("440803", "SEN_GRANT"): Tally(2, 200000),
     ("440803", "PRE_AID"): Tally(4, 200000)},
    LoanYear(2, 1400050),
)  # fmt: skip
LATER = _report(
    2020,
    {("440802", "SEN_GRANT"): Tally(5, 500000), ("440802", "NEW_AID"): Tally(1, 18750),
     ("440803", "PRE_AID"): Tally(1, 50000)},
    LoanYear(3, 2000000),
)  # fmt: skip


def test_it_sets_each_program_and_county_of_two_years_side_by_side_with_the_change() -> None:
    compare = compare_reports(EARLIER, LATER)
    assert [(p.code, p.before, p.after, p.change) for p in compare.programs] == [
        ("SEN_GRANT", Tally(5, 500000), Tally(5, 500000), Tally(0, 0)),
        ("PRE_AID", Tally(4, 200000), Tally(1, 50000), Tally(-3, -150000)),
        ("NEW_AID", Tally(), Tally(1, 18750), Tally(1, 18750)),  # new in the later year
    ]
    assert [(c.county, c.code, c.before, c.after) for c in compare.counties] == [
        ("440802", "SEN_GRANT", Tally(3, 300000), Tally(5, 500000)),
        ("440802", "NEW_AID", Tally(), Tally(1, 18750)),
        ("440803", "SEN_GRANT", Tally(2, 200000), Tally()),  # paid in one year only
        ("440803", "PRE_AID", Tally(4, 200000), Tally(1, 50000)),
    ]
    assert compare.total.change == Tally(-2, -131250)


def test_its_json_gives_money_as_signed_yuan_strings() -> None:
    document = compare_reports(EARLIER, LATER).as_json()
    assert document["years"] == [2019, 2020]
    assert document["programs"][1] == {
        "code": "PRE_AID", "name": "学前教育幼儿资助",
        "years": {"2019": {"students": 4, "amount": "2000.00"},
                  "2020": {"students": 1, "amount": "500.00"}},
        "change": {"students": -3, "amount": "-1500.00"},
    }  # fmt: skip
    assert document["total"]["change"] == {"students": -2, "amount": "-1312.50"}
    assert [c["county"] for c in document["counties"]] == ["440802", "440803"]
    assert [p["code"] for p in document["counties"][0]["programs"]] == ["SEN_GRANT", "NEW_AID"]
    assert document["loans"] == {
        "years": {"2019": {"count": 2, "amount": "14000.50"},
                  "2020": {"count": 3, "amount": "20000.00"}},
        "change": {"count": 1, "amount": "5999.50"},
    }  # fmt: skip


def test_it_reads_as_a_table_and_a_workbook(tmp_path: Path) -> None:
    compare = compare_reports(EARLIER, LATER)
    lines = compare_lines(compare)
    assert lines[0] == "湛江市2019—2020年学生资助年度对比（按成功发放统计）"
    assert lines[1].split() == ["资助项目", "2019年人次", "2020年人次", "增减", "2019年金额(元)",
                                "2020年金额(元)", "增减(元)"]  # fmt: skip
    assert lines[3].split() == ["学前教育幼儿资助", "4", "1", "-3", "2000.00", "500.00",
                                "-1500.00"]  # fmt: skip
    assert lines[4].split()[3] == "+1"
    path = year_compare_write(tmp_path / "compare.xlsx", compare)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["项目对比", "区县对比"]
    programs = [list(r) for r in book["项目对比"].iter_rows(values_only=True)]
    assert programs[0][0] == "湛江市2019—2020年学生资助年度对比——项目对比"
    assert programs[3] == ["PRE_AID", "学前教育幼儿资助", 4, 1, -3, 2000, 500, -1500]
    assert programs[5] == [None, "合计", 9, 7, -2, 7000, 5687.5, -1312.5]
    assert programs[8] == ["LOAN", "生源地信用助学贷款", 2, 3, 1, 14000.5, 20000, 5999.5]
    counties = [list(r) for r in book["区县对比"].iter_rows(values_only=True)]
    assert counties[4] == ["440803", "霞山区", "SEN_GRANT", "普通高中国家助学金", 2, 0, -2, 2000,
                           0, -2000]  # fmt: skip


def test_it_compares_two_reports_of_one_unit_the_earlier_first() -> None:
    with pytest.raises(ValueError):
        compare_reports(LATER, EARLIER)
    with pytest.raises(ValueError):
        compare_reports(EARLIER, dataclasses.replace(LATER, county="440802"))


@pytest.mark.django_db
def test_a_school_or_department_scope_is_refused_and_so_is_one_year_twice() -> None:
    for scope in (Scope.of_school("4408020003", county="440802"), Scope.of_department("JDLK")):
        with pytest.raises(Refused) as refused:
            year_compare(years=(2019, 2020), scope=scope)
        assert refused.value.code == Code.ROLE_FORBIDDEN
    with pytest.raises(Refused) as refused:
        year_compare(years=(2019, 2019), scope=Scope.city())
    assert refused.value.code == Code.REPORT_REFUSED
    with pytest.raises(Refused) as refused:  # 2030 has no terms
        year_compare(years=(2019, 2030), scope=Scope.city())
    assert refused.value.code == Code.REPORT_REFUSED


@pytest.mark.parametrize("value", ["2019", "2019,2019", "2019;2020", "19,20", "2019,2020,2021", ""])
def test_the_command_takes_two_different_years(value: str) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["report", "--compare", value])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as both:
        main(["report", "--year", "2019", "--compare", "2019,2020"])
    assert both.value.code == 2


@pytest.mark.django_db
def test_the_command_refuses_a_year_without_terms_with_its_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "--compare", "2019,2030", "--json"]) == 3
    out, err = capsys.readouterr()
    assert json.loads(out)["code"] == "REPORT_REFUSED"
    assert "2030" in err

"""`year_report`: cli.md's `report` figures, from successful payments and from loans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.refusals import refused
from tests.reports.year import build_year, import_loans
from zizhu.core.errors import Code
from zizhu.core.scope import Scope
from zizhu.payments.selectors import disbursement
from zizhu.reports.selectors import Tally, rate, year_report

pytestmark = pytest.mark.django_db

NAMES = {
    "JDLK_LIVING": "建档立卡贫困学生生活费补助",
    "PRE_AID": "学前教育幼儿资助",
    "BOARDING": "义务教育家庭经济困难寄宿生生活费补助",
    "NONBOARDING": "农村义务教育非寄宿家庭经济困难学生生活费补助",
    "SEN_GRANT": "普通高中国家助学金",
    "SEN_TUITION": "普通高中免学费",
    "VOC_GRANT": "中职国家助学金",
}


Figure = tuple[int, str]  # person-times, yuan


def program(code: str, spring: Figure, autumn: Figure, year: Figure) -> dict[str, Any]:
    """A program's entry in the JSON of cli.md."""

    def tally(figure: Figure) -> dict[str, Any]:
        return {"students": figure[0], "amount": figure[1]}

    terms = {"2019-1": tally(spring), "2019-2": tally(autumn)}
    return {"code": code, "name": NAMES[code], "terms": terms, **tally(year)}


NOTHING = (0, "0.00")


def test_the_report_counts_person_times_of_successful_payments_and_the_rate_by_headcount(
    tmp_path: Path, errors_dir: Path
) -> None:
    build_year(tmp_path)
    import_loans(tmp_path, errors_dir)
    assert year_report(scope=Scope.city(), year=2019).as_json() == {
        "year": 2019,
        "programs": [  # catalogue order, every program
            program("JDLK_LIVING", NOTHING, (1, "1500.00"), (1, "1500.00")),
            program("PRE_AID", NOTHING, NOTHING, NOTHING),
            program("BOARDING", NOTHING, NOTHING, NOTHING),
            program("NONBOARDING", NOTHING, NOTHING, NOTHING),
            # autumn: c's reissue once, d and e; a's and b's failed payments and the held f not
            program("SEN_GRANT", (3, "3000.00"), (3, "3000.00"), (6, "6000.00")),
            program("SEN_TUITION", NOTHING, (1, "1250.00"), (1, "1250.00")),
            program("VOC_GRANT", NOTHING, NOTHING, NOTHING),
        ],
        "loans": {"count": 2, "amount": "14000.50"},  # the 2020-2021 contract is next year's
        "disbursement": {
            "2019-1": {"due": 3, "paid": 3, "due_amount": "3000.00", "paid_amount": "3000.00",
                       "rate": "100.00"},
            # 5 of 7 is 71.428…%: rounded half up, not cut off at 71.42
            "2019-2": {"due": 7, "paid": 5, "due_amount": "7750.00", "paid_amount": "5750.00",
                       "rate": "71.43"},
        },
        # 资金分担 (added with the funding shares): the catalogue's shares of what was paid
        "funding": {
            "JDLK_LIVING": {"central": "0.00", "provincial": "750.00", "city": "375.00",
                            "county": "375.00"},
            "SEN_GRANT": {"central": "4800.00", "provincial": "1200.00", "city": "0.00",
                          "county": "0.00"},
            "SEN_TUITION": {"central": "1000.00", "provincial": "250.00", "city": "0.00",
                            "county": "0.00"},
        },
    }  # fmt: skip


def test_due_and_paid_agree_with_the_payments_areas_disbursement(tmp_path: Path) -> None:
    build_year(tmp_path)
    for line in year_report(scope=Scope.city(), year=2019).disbursement:
        total = disbursement(scope=Scope.city(), term=line.term).total
        assert (line.due, line.paid, line.due_amount_fen, line.paid_amount_fen) == (
            total.due, total.paid, total.due_amount_fen, total.paid_amount_fen,
        )  # fmt: skip


def test_the_counties_view_splits_each_program_by_county_and_term(tmp_path: Path) -> None:
    build_year(tmp_path)
    report = year_report(scope=Scope.city(), year=2019)
    assert [
        (c.county, c.county_name, c.code, c.terms["2019-1"], c.terms["2019-2"], c.year)
        for c in report.counties
    ] == [
        ("440802", "赤坎区", "JDLK_LIVING", Tally(), Tally(1, 150000), Tally(1, 150000)),
        ("440802", "赤坎区", "SEN_GRANT", Tally(3, 300000), Tally(2, 200000), Tally(5, 500000)),
        ("440802", "赤坎区", "SEN_TUITION", Tally(), Tally(1, 125000), Tally(1, 125000)),
        ("440803", "霞山区", "SEN_GRANT", Tally(), Tally(1, 100000), Tally(1, 100000)),
    ]
    assert report.total.year == Tally(8, 875000)
    assert (report.unit, [t.label for t in report.terms]) == ("湛江市", ["春季", "秋季"])


def test_a_county_sees_only_its_own_figures_and_a_term_with_nothing_due_has_no_rate(
    tmp_path: Path, errors_dir: Path
) -> None:
    build_year(tmp_path)
    import_loans(tmp_path, errors_dir)
    document = year_report(scope=Scope.of_county("440803"), year=2019).as_json()
    grant = next(p for p in document["programs"] if p["code"] == "SEN_GRANT")
    assert grant == program("SEN_GRANT", NOTHING, (1, "1000.00"), (1, "1000.00"))
    assert sum(p["students"] for p in document["programs"]) == 1
    assert document["loans"] == {"count": 1, "amount": "6000.50"}
    assert document["disbursement"] == {
        "2019-1": {"due": 0, "paid": 0, "due_amount": "0.00", "paid_amount": "0.00",
                   "rate": None},
        "2019-2": {"due": 1, "paid": 1, "due_amount": "1000.00", "paid_amount": "1000.00",
                   "rate": "100.00"},
    }  # fmt: skip
    assert year_report(scope=Scope.of_county("440803"), year=2019).unit == "霞山区"


def test_a_year_without_terms_or_a_county_outside_the_city_is_refused() -> None:
    with refused(Code.REPORT_REFUSED):
        year_report(scope=Scope.city(), year=2030)
    with refused(Code.SCOPE_OUTSIDE):
        year_report(scope=Scope.of_county("440101"), year=2019)
    with refused(Code.ROLE_FORBIDDEN):
        year_report(scope=Scope.of_school("4408020003", county="440802"), year=2019)


def test_an_empty_year_reports_zeros() -> None:
    document = year_report(scope=Scope.city(), year=2019).as_json()
    assert [p["students"] for p in document["programs"]] == [0] * 7
    assert document["loans"] == {"count": 0, "amount": "0.00"}
    assert [d["rate"] for d in document["disbursement"].values()] == [None, None]


@pytest.mark.parametrize(
    ("paid", "due", "shown"),
    [
        (2, 3, "66.67"),  # half up, not cut off
        (1, 3, "33.33"),
        (1, 8, "12.50"),
        (1, 800, "0.13"),  # 0.125 exactly: half up
        (1, 1600, "0.06"),  # 0.0625
        (5, 5, "100.00"),
        (0, 5, "0.00"),
        (99_999, 100_000, "99.99"),  # 99.999 would round to 100.00: never claimed unless all paid
        (1, 100_000, "0.01"),  # and 0.00 only when none is
        (52_060, 52_060, "100.00"),
        (0, 0, None),
    ],
)
def test_the_rate_is_rounded_half_up_in_exact_arithmetic(paid: int, due: int, shown: str) -> None:
    assert rate(paid, due) == shown


def test_the_report_is_a_few_grouped_queries_whatever_the_number_of_students(
    tmp_path: Path, django_assert_num_queries: Any
) -> None:
    build_year(tmp_path)
    # regions and the city, terms, the terms' catalogues (loaded data since catalogues are
    # versions in the database), payments by term/county/program, loans by county, due and
    # paid by term
    with django_assert_num_queries(6):
        year_report(scope=Scope.city(), year=2019)

"""The list of the students behind the loan totals: scope, totals, paging, the registry's person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.aid.scenario import enrol, school
from tests.ids import make_id
from tests.loans.scenario import loan, loans_add
from zizhu.core.scope import Scope
from zizhu.loans.selectors import LoanRow, loan_rows, loan_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def loans(tmp_path: Path) -> None:
    """Five loans of 440802, two of 440883 in 2019; one of 440802 in 2020."""
    loans_add(
        tmp_path,
        *(loan(f"HT2019-{n:03d}", make_id("440802", seq=n), name=f"赤坎{n}") for n in (5, 1, 4)),
        loan("HT2019-002", make_id("440802", seq=2), name="赤坎2", amount="6000.50"),
        loan("HT2019-003", make_id("440802", seq=3), name="赤坎3", disbursed=None),
        loan("HT2019-101", make_id("440883", seq=101), name="吴川1", hukou="440883",
             level="研究生", amount="12000"),
        loan("HT2019-102", make_id("440883", seq=102), name="吴川2", hukou="440883"),
        loan("HT2020-001", make_id("440802", seq=1), name="赤坎1", year="2020-2021"),
    )  # fmt: skip


def contracts(rows: list[LoanRow]) -> list[str]:
    return [r.contract_no for r in rows]


def test_a_county_sees_only_the_loans_of_its_hukou_county(loans: None) -> None:
    found = loan_rows(scope=Scope.of_county("440883"), year=2019)
    assert contracts(found.rows) == ["HT2019-101", "HT2019-102"]
    assert (found.total, found.amount_fen) == (2, 2000000)
    assert {r.county for r in found.rows} == {"440883"}


def test_the_city_sees_every_county_in_order_of_county_then_contract(loans: None) -> None:
    found = loan_rows(scope=Scope.city(), year=2019)
    assert contracts(found.rows) == [
        *(f"HT2019-00{n}" for n in range(1, 6)),
        "HT2019-101",
        "HT2019-102",
    ]
    assert (found.total, found.amount_fen) == (7, 4 * 800000 + 600050 + 1200000 + 800000)


def test_the_list_adds_up_to_the_totals_it_stands_behind(loans: None) -> None:
    for county, total in loan_totals(scope=Scope.city(), year=2019).items():
        found = loan_rows(scope=Scope.of_county(county), year=2019)
        assert (found.total, found.amount_fen) == (total.count, total.amount_fen)


def test_pages_are_disjoint_and_together_the_whole_list(loans: None) -> None:
    pages = [
        loan_rows(scope=Scope.city(), year=2019, offset=offset, limit=3) for offset in (0, 3, 6)
    ]
    assert [len(p.rows) for p in pages] == [3, 3, 1]
    assert {p.total for p in pages} == {7}  # the count is of the whole list, not the page
    assert contracts([r for p in pages for r in p.rows]) == contracts(
        loan_rows(scope=Scope.city(), year=2019).rows
    )
    assert loan_rows(scope=Scope.city(), year=2019, offset=7, limit=3).rows == []


def test_a_row_carries_the_contract_as_sent(loans: None) -> None:
    rows = {r.contract_no: r for r in loan_rows(scope=Scope.city(), year=2019).rows}
    graduate = rows["HT2019-101"]
    assert (graduate.name, graduate.id_number, graduate.school_year) == (
        "吴川1", make_id("440883", seq=101), "2019-2020"
    )  # fmt: skip
    assert (graduate.level, graduate.amount_fen, graduate.university) == (
        "GRADUATE", 1200000, "广东海洋大学"
    )  # fmt: skip
    assert graduate.disbursed_on == dt.date(2019, 10, 15)
    assert rows["HT2019-003"].disbursed_on is None


def test_a_loan_names_the_registrys_person_with_its_id_number(loans: None) -> None:
    school("4408020003", "SENIOR")
    person = enrol(make_id("440802", seq=4), "4408020003", "SENIOR", 3, name="赤坎4").person_id
    rows = {r.contract_no: r.person_id for r in loan_rows(scope=Scope.city(), year=2019).rows}
    assert rows.pop("HT2019-004") == person
    assert set(rows.values()) == {None}


def test_a_school_has_no_loans_in_its_scope(loans: None) -> None:
    found = loan_rows(scope=Scope.of_school("4408020003", county="440802"), year=2019)
    assert (found.total, found.amount_fen, found.rows) == (0, 0, [])


def test_another_year_or_an_empty_county_lists_nothing(loans: None) -> None:
    assert contracts(loan_rows(scope=Scope.city(), year=2020).rows) == ["HT2020-001"]
    empty = loan_rows(scope=Scope.of_county("440803"), year=2019)
    assert (empty.total, empty.amount_fen, empty.rows) == (0, 0, [])


def test_a_page_takes_three_queries_however_many_rows_it_shows(
    loans: None, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(3):  # the count and sum, the page, its people
        loan_rows(scope=Scope.city(), year=2019, limit=50)

"""The shipped 2020 catalogue: its terms, its amounts, and the 2020 working-day calendar with
the State Council's adjusted weekends and the Spring Festival extension."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zizhu.aid.catalogue import Catalogue
from zizhu.aid.selectors import catalogue_in_force, catalogue_read
from zizhu.aid.services import catalogue_load, term_add
from zizhu.demo.places import shipped

SHIPPED_2020 = shipped("zhanjiang-2020.toml")
PROGRAMS = ["JDLK_LIVING", "PRE_AID", "BOARDING", "NONBOARDING", "SEN_GRANT", "SEN_TUITION",
            "VOC_GRANT"]  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return catalogue_read(SHIPPED_2020)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_it_holds_the_seven_programs_for_both_2020_terms(catalogue: Catalogue) -> None:
    assert catalogue.terms == ("2020-1", "2020-2")
    assert [p.code for p in catalogue.programs] == PROGRAMS
    assert catalogue.program("BOARDING").excludes == ("NONBOARDING",)
    assert catalogue.yearly_cap_fen is None
    assert list(catalogue.calendars) == [2020]
    assert catalogue.publicity_working_days == 5


@pytest.mark.django_db
def test_an_operator_loads_it_for_the_2020_terms(tmp_path: Path) -> None:
    for code, name, reference, due in (
        ("2020-1", "2020年春季学期", dt.date(2020, 3, 1), dt.date(2020, 6, 30)),
        ("2020-2", "2020年秋季学期", dt.date(2020, 9, 1), dt.date(2020, 12, 31)),
    ):
        term_add(code=code, name=name, reference_date=reference, payment_due=due, actor="test")
    loaded = catalogue_load(path=SHIPPED_2020, actor="test")
    assert (loaded.status, list(loaded.terms)) == ("added", ["2020-1", "2020-2"])
    for term in ("2020-1", "2020-2"):
        in_force = catalogue_in_force(term=term)
        assert (in_force.name, in_force.version) == ("湛江市2020年学生资助政策", loaded.version)
    assert catalogue_load(path=SHIPPED_2020, actor="test").status == "unchanged"


def test_its_loan_caps_hold_8000_and_12000_through_2020_2021(catalogue: Catalogue) -> None:
    caps = {c.from_year: c.fen for c in catalogue.loan_caps}
    assert caps[2014] == {"ASSOCIATE": 800000, "BACHELOR": 800000, "GRADUATE": 1200000}
    assert caps[2021] == {"ASSOCIATE": 1200000, "BACHELOR": 1200000, "GRADUATE": 1600000}


def test_nonboarding_pays_the_autumn_2019_standard_in_both_terms(catalogue: Catalogue) -> None:
    rules = catalogue.program("NONBOARDING").amounts
    assert [(r.stages, r.terms, r.amount_fen) for r in rules] == [
        (("PRIMARY",), (), 25000),
        (("JUNIOR",), (), 31250),
    ]


def test_the_other_amounts_are_2019s(catalogue: Catalogue) -> None:
    def amounts(code: str) -> list[int | None]:
        return [r.amount_fen for r in catalogue.program(code).amounts]

    assert amounts("JDLK_LIVING") == [250000, 150000]
    assert amounts("PRE_AID") == [50000]
    assert amounts("BOARDING") == [50000, 62500]
    assert amounts("SEN_GRANT") == [100000]
    assert amounts("VOC_GRANT") == [100000]
    tuition = catalogue.program("SEN_TUITION").amounts[0]
    assert (tuition.school_fee, tuition.private_cap) == (True, "county_public_max")


@pytest.mark.parametrize(
    ("date", "working"),
    [
        ("2020-01-01", False),  # 元旦, a Wednesday
        ("2020-01-19", True),  # a Sunday worked before the Spring Festival
        ("2020-01-23", True),
        ("2020-01-24", False),  # 除夕
        ("2020-01-30", False),
        ("2020-01-31", False),  # a Friday, holiday by the extension (国办发明电〔2020〕1号)
        ("2020-02-01", False),  # the Saturday that was to be worked, rest after the extension
        ("2020-02-02", False),
        ("2020-02-03", True),  # back to work
        ("2020-04-06", False),  # 清明, a Monday
        ("2020-04-26", True),  # a Sunday worked
        ("2020-05-05", False),  # 劳动节, a Tuesday
        ("2020-05-09", True),  # a Saturday worked
        ("2020-06-25", False),  # 端午, a Thursday
        ("2020-06-26", False),
        ("2020-06-28", True),  # a Sunday worked
        ("2020-09-27", True),  # a Sunday worked
        ("2020-10-08", False),  # 国庆、中秋, a Thursday
        ("2020-10-09", True),
        ("2020-10-10", True),  # a Saturday worked
        ("2020-10-11", False),  # an ordinary Sunday
    ],
)
def test_each_day_is_worked_or_not_as_the_state_council_arranged(
    catalogue: Catalogue, date: str, working: bool
) -> None:
    assert catalogue.is_working_day(day(date)) is working


def test_it_counts_working_days_across_the_adjusted_weekends(catalogue: Catalogue) -> None:
    # Fri 17 Jan, Sun 19, Mon 20 to Thu 23, then nothing until Mon 3 Feb, Tue 4 Feb.
    assert catalogue.working_days(day("2020-01-17"), day("2020-02-05")) == 8
    # A 公示 begun on Thursday 24 September has its 5 working days by Wednesday 30 September
    # only because Sunday 27 September is worked (end day not counted).
    assert catalogue.working_days(day("2020-09-24"), day("2020-09-30")) == 5
    # Across 国庆: Mon 28 Sep to Fri 9 Oct, Saturday 10 October, Monday 12 October.
    assert catalogue.working_days(day("2020-09-28"), day("2020-10-13")) == 6
    # 劳动节: Sun 26 April and Mon 27 to Thu 30 worked, 1 to 5 May not, Wed 6 to Sat 9 May
    # worked (Saturday 9 May adjusted), Sunday 10 May not.
    assert catalogue.working_days(day("2020-04-26"), day("2020-05-11")) == 9

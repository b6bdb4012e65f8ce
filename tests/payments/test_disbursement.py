"""发放率: paid against approved per term, county and program, by headcount and by amount."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.payments.city import CHIKAN, XIASHAN, answers, build_city, returns_file
from zizhu.aid.models import Entitlement
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.selectors import Disbursed, batch_list, disbursement, percent
from zizhu.payments.services import pay_export

CITY = Scope.city()

pytestmark = pytest.mark.django_db

BEFORE_DUE, DUE, AFTER_DUE = dt.date(2019, 10, 8), dt.date(2019, 12, 31), dt.date(2020, 1, 1)


def line(county: str, program: str, *numbers: int) -> Disbursed:
    return Disbursed(county, program, *numbers)


def test_the_rate_counts_successful_payments_against_approved_entitlements(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 3, XIASHAN: 2})
    held = city.pupil(city.pupils[4].id_number)
    Entitlement.objects.filter(person__id_number=held.id_number, program="NONBOARDING").update(
        status="HELD"
    )
    assert disbursement(scope=Scope.city(), term="2019-2", today=BEFORE_DUE).lines == [
        line("440802", "JDLK_LIVING", 3, 450000, 0, 0, 0),
        line("440802", "NONBOARDING", 3, 75000, 0, 0, 0),
        line("440803", "JDLK_LIVING", 2, 300000, 0, 0, 0),
        line("440803", "NONBOARDING", 1, 25000, 0, 0, 0),  # the HELD one is not due
    ]
    exported = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    first = exported.batches[0]
    import_run(kind="returns", scope=CITY,
        path=returns_file(tmp_path / "back.xlsx", answers(first.file, {3: "账户冻结"})),
        actor="bank", errors_dir=errors_dir,
    )  # fmt: skip
    rate = disbursement(scope=Scope.city(), term="2019-2", today=BEFORE_DUE)
    assert rate.lines[0] == line("440802", "JDLK_LIVING", 3, 450000, 2, 300000, 0)
    assert (rate.lines[0].rate, rate.lines[0].amount_rate) == ("66.67", "66.67")
    assert (rate.total.due, rate.total.paid, rate.total.rate) == (9, 2, "22.22")
    assert rate.total.amount_rate == percent(300000, 850000) == "35.29"
    assert [(c.county, c.due, c.paid) for c in rate.counties] == [
        ("440802", 6, 2),
        ("440803", 3, 0),
    ]
    assert [(p.program, p.due, p.paid) for p in rate.programs] == [
        ("JDLK_LIVING", 5, 2), ("NONBOARDING", 4, 0),
    ]  # fmt: skip
    assert not rate.overdue_now and rate.total.overdue == 0
    # The due date is the last day to pay: the day after it, every unpaid one is overdue.
    assert disbursement(scope=Scope.city(), term="2019-2", today=DUE).total.overdue == 0
    late = disbursement(scope=Scope.city(), term="2019-2", today=AFTER_DUE)
    assert late.overdue_now and late.total.overdue == 7 and late.lines[0].overdue == 1
    assert late.due_date == DUE

    assert [b.batch_no for b in batch_list(scope=Scope.city(), term="2019-2")] == [
        b.batch_no for b in exported.batches
    ]
    assert (
        batch_list(scope=Scope.city(), term="2019-2")[0].succeeded,
        batch_list(scope=Scope.city(), term="2019-2")[0].failed,
    ) == (2, 1)
    assert [b.county for b in batch_list(scope=Scope.of_county("440803"), term="2019-2")] == [
        "440803"
    ] * 2


def test_the_rate_narrows_to_a_county_a_program_or_the_users_scope(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 2, XIASHAN: 1})
    one = disbursement(
        scope=Scope.of_county("440803"), term="2019-2", program="JDLK_LIVING", today=BEFORE_DUE
    )
    assert one.lines == [line("440803", "JDLK_LIVING", 1, 150000, 0, 0, 0)]
    scoped = disbursement(scope=Scope.of_county("440802"), term="2019-2", today=BEFORE_DUE)
    assert {x.county for x in scoped.lines} == {"440802"}
    assert (
        disbursement(scope=Scope.of_county("440811"), term="2019-2", today=BEFORE_DUE).lines == []
    )


def test_a_term_with_nothing_approved_has_no_rate_rather_than_zero_or_a_hundred(db):  # type: ignore[no-untyped-def]
    empty = disbursement(scope=Scope.city(), term="2019-1", today=AFTER_DUE)
    assert (empty.lines, empty.total.due, empty.total.rate, empty.total.amount_rate) == (
        [], 0, None, None,
    )  # fmt: skip


def test_percentages_round_half_up_yet_a_hundred_means_everyone():
    assert percent(299_999, 300_000) == "99.99"
    assert percent(300_000, 300_000) == "100.00"
    assert percent(1, 3) == "33.33"
    assert percent(0, 5) == "0.00"
    assert percent(2, 3) == "66.67"

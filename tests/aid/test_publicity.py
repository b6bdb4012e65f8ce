"""公示 rules (issue 11.8) and the approval that relies on them: a 公示 begun after the list's
last change, lasting the catalogue's working days; dated in the past only when held on
paper; corrected or withdrawn before approval, each an event; rows no school confirmed
approved only by the county's explicit choice."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.aid.scenario import aid_state, assess, enrol, lists_last_changed_on, new_id, school
from tests.refusals import refused
from zizhu.aid.models import Approval, Entitlement, Publicity
from zizhu.aid.selectors import approval_plans
from zizhu.aid.services import (
    approve,
    entitle,
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
    publicity_correct,
    publicity_record,
    publicity_withdraw,
)
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.core.tally import Tally

pytestmark = pytest.mark.django_db

A, B = "4408020003", "4408020004"
AT_A, AT_B = Scope.of_school(A, county="440802"), Scope.of_school(B, county="440802")
CHIKAN = Scope.of_county("440802")
MONDAY, TUESDAY, WEDNESDAY = dt.date(2019, 9, 16), dt.date(2019, 9, 17), dt.date(2019, 9, 18)
NEXT_MONDAY, LATER = dt.date(2019, 9, 23), dt.date(2019, 10, 14)


@pytest.fixture(autouse=True)
def lists() -> None:
    """赤坎区: two SEN_GRANT drafts at school A, one at school B."""
    school(A, "SENIOR", fee="1250")
    school(B, "SENIOR", fee="1250")
    for code in (A, A, B):
        assess(enrol(new_id(), code, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())


def record(start: dt.date, *, today: dt.date | None = None, on_paper: bool = False) -> Publicity:
    return publicity_record(scope=CHIKAN, actor="web:county881", term="2019-2",
                            program="SEN_GRANT", start_date=start, today=today or start,
                            on_paper=on_paper)  # fmt: skip


def confirm_all() -> None:
    for at in (AT_A, AT_B):
        entitlements_confirm(scope=at, actor="school", term="2019-2", program="SEN_GRANT")


def county_approves(today: dt.date, **kwargs):  # type: ignore[no-untyped-def]
    return approve(scope=CHIKAN, actor="web:county881", term="2019-2", program="SEN_GRANT",
                   today=today, **kwargs)  # fmt: skip


def test_a_publicity_dated_before_the_day_it_is_recorded_must_be_held_on_paper():
    before = aid_state()
    with refused(Code.PUBLICITY_BACKDATED):
        record(dt.date(2019, 9, 2), today=MONDAY)
    assert aid_state() == before
    paper = record(dt.date(2019, 9, 2), today=MONDAY, on_paper=True)
    assert (paper.on_paper, paper.recorded_on) == (True, MONDAY)
    assert Event.objects.get(action="aid.publicity").detail["on_paper"] is True
    record(NEXT_MONDAY, today=MONDAY)  # a 公示 that begins later needs no paper


def test_rows_no_school_confirmed_block_the_approval_naming_their_schools():
    entitlements_confirm(scope=AT_B, actor="school", term="2019-2", program="SEN_GRANT")
    record(MONDAY)
    before = aid_state()
    with refused(Code.APPROVAL_UNCONFIRMED) as caught:
        county_approves(NEXT_MONDAY)
    assert "学校4408020003 2 人" in caught.value.message
    assert aid_state() == before
    plan = approval_plans(scope=CHIKAN, term="2019-2", program="SEN_GRANT", today=NEXT_MONDAY)
    assert [(p.confirmed, p.unconfirmed) for p in plan] == [(Tally(1, 100000), Tally(2, 200000))]
    assert [(s.school, s.count) for s in plan[0].unconfirmed_schools] == [(A, 2)]


def test_approving_unconfirmed_rows_is_a_choice_recorded_with_their_count_and_ids():
    entitlements_confirm(scope=AT_B, actor="school", term="2019-2", program="SEN_GRANT")
    drafts = set(Entitlement.objects.filter(status="DRAFT").values_list("pk", flat=True))
    used = record(MONDAY)
    approved = county_approves(NEXT_MONDAY, with_unconfirmed=True)
    assert [(a.count, a.amount_fen) for a in approved] == [(3, 300000)]
    event = Event.objects.get(action="aid.approve")
    assert event.counts["unconfirmed"] == 2 and event.detail["with_unconfirmed"] is True
    [unconfirmed] = event.detail["unconfirmed"]
    ids = {i for first, last in unconfirmed["ids"] for i in range(first, last + 1)}
    assert (unconfirmed["count"], ids) == (2, drafts)
    assert Approval.objects.get().unconfirmed == 2
    # The approval names the 公示 it relied on.
    assert event.detail["publicity"] == [{
        "county": "440802", "program": "SEN_GRANT", "id": used.pk, "start": "2019-09-16",
        "end": "2019-09-20", "on_paper": False, "recorded_by": "web:county881",
        "recorded_on": "2019-09-16",
    }]  # fmt: skip
    assert Approval.objects.get().publicity_id == used.pk


def test_a_student_added_or_excluded_after_the_publicity_began_makes_it_insufficient():
    confirm_all()
    record(MONDAY)
    late = enrol(new_id(), A, "SENIOR", 2)
    entitlement_add(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                    person_id=late.person_id, evidence="家庭突发变故")  # fmt: skip
    entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT")
    before = aid_state()
    with refused(Code.APPROVAL_PUBLICITY_STALE):
        county_approves(LATER)
    assert aid_state() == before
    record(TUESDAY)  # the list as it now stands, shown from Tuesday
    added = Entitlement.objects.get(person_id=late.person_id)
    entitlement_exclude(scope=CHIKAN, actor="county", entitlement_id=added.pk, reason="不符合条件")
    with refused(Code.APPROVAL_PUBLICITY_STALE):
        county_approves(LATER)
    record(WEDNESDAY)
    with refused(Code.APPROVAL_PUBLICITY_SHORT):
        county_approves(dt.date(2019, 9, 24))  # the 18th to the 23rd: 4 working days
    assert county_approves(dt.date(2019, 9, 25))[0].count == 3


def test_a_paper_publicity_counts_only_if_it_began_after_the_lists_last_day_of_change():
    confirm_all()
    lists_last_changed_on(dt.date(2019, 9, 10))
    before = aid_state()
    with refused(Code.APPROVAL_PUBLICITY_STALE):  # posted the day the list last changed
        county_approves(LATER, publicity_start=dt.date(2019, 9, 10))
    assert aid_state() == before  # the paper 公示 given at approval is not kept either
    approved = county_approves(LATER, publicity_start=dt.date(2019, 9, 11))
    assert approved[0].publicity_start == dt.date(2019, 9, 11)
    paper = Publicity.objects.get()
    assert (paper.on_paper, paper.recorded_on) == (True, LATER)
    assert Event.objects.get(action="aid.approve").detail["publicity"][0]["on_paper"] is True


def test_a_publicity_is_corrected_or_withdrawn_before_approval_each_an_event():
    confirm_all()
    wrong = record(dt.date(2019, 9, 26), today=MONDAY)  # meant the 16th
    with refused(Code.NOTE_REQUIRED):
        publicity_correct(scope=CHIKAN, actor="county", publicity_id=wrong.pk,
                          start_date=MONDAY, on_paper=False, note="")  # fmt: skip
    right = publicity_correct(scope=CHIKAN, actor="county", publicity_id=wrong.pk,
                              start_date=MONDAY, on_paper=False, note="开始日期录错")  # fmt: skip
    wrong.refresh_from_db()
    assert (wrong.state, wrong.replaced_by_id, wrong.closed_note) == ("CORRECTED", right.pk,
                                                                       "开始日期录错")  # fmt: skip
    assert (right.state, right.recorded_on, right.origin_id) == ("ACTIVE", MONDAY, wrong.pk)
    event = Event.objects.get(action="aid.publicity_correct")
    assert event.detail["before"]["start_date"] == "2019-09-26"
    assert event.detail["after"]["start_date"] == "2019-09-16"
    with refused(Code.PUBLICITY_CLOSED):
        publicity_withdraw(scope=CHIKAN, actor="county", publicity_id=wrong.pk, note="重复")
    publicity_withdraw(scope=CHIKAN, actor="county", publicity_id=right.pk, note="名单有误")
    assert Publicity.objects.get(pk=right.pk).state == "WITHDRAWN"
    assert Event.objects.filter(action="aid.publicity_withdraw").count() == 1
    with refused(Code.APPROVAL_NO_PUBLICITY):
        county_approves(LATER)


def test_a_correction_keeps_the_place_in_time_of_the_publicity_it_corrects():
    confirm_all()
    first = record(MONDAY)
    late = enrol(new_id(), A, "SENIOR", 2)
    entitlement_add(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                    person_id=late.person_id, evidence="家庭突发变故")  # fmt: skip
    entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT")
    # Correcting the record after the change does not make the Monday 公示 show it.
    corrected = publicity_correct(
        scope=CHIKAN, actor="county", publicity_id=first.pk, start_date=MONDAY, on_paper=True,
        note="实为纸质公示",
    )  # fmt: skip
    with refused(Code.APPROVAL_PUBLICITY_STALE):
        county_approves(LATER)
    # Nor can a correction date a 公示 before the day it was first recorded, unless on paper.
    with refused(Code.PUBLICITY_BACKDATED):
        publicity_correct(scope=CHIKAN, actor="county", publicity_id=corrected.pk,
                          start_date=dt.date(2019, 9, 9), on_paper=False, note="改早")  # fmt: skip


def test_a_publicity_an_approval_relied_on_cannot_be_corrected_or_withdrawn():
    confirm_all()
    used = record(MONDAY)
    county_approves(NEXT_MONDAY)
    before = aid_state()
    with refused(Code.PUBLICITY_USED):
        publicity_correct(scope=CHIKAN, actor="county", publicity_id=used.pk,
                          start_date=TUESDAY, on_paper=True, note="改期")  # fmt: skip
    with refused(Code.PUBLICITY_USED):
        publicity_withdraw(scope=CHIKAN, actor="county", publicity_id=used.pk, note="撤回")
    with refused(Code.NOT_FOUND):  # another county's officer
        publicity_withdraw(scope=Scope.of_county("440803"), actor="county",
                           publicity_id=used.pk, note="撤回")  # fmt: skip
    assert aid_state() == before


def test_an_approval_whose_counts_changed_in_between_is_refused():
    confirm_all()
    record(MONDAY)
    [plan] = approval_plans(scope=CHIKAN, term="2019-2", program="SEN_GRANT", today=NEXT_MONDAY)
    shown = plan.taking(with_unconfirmed=False)
    assert shown == Tally(3, 300000)
    # Before the officer approves, the list changes and a new 公示 runs its course.
    entitlement_exclude(scope=CHIKAN, actor="county",
                        entitlement_id=Entitlement.objects.first().pk,  # type: ignore[union-attr]
                        reason="重复")  # fmt: skip
    record(TUESDAY)
    before = aid_state()
    with refused(Code.COUNTS_CHANGED):
        county_approves(LATER, expected=shown)
    assert aid_state() == before
    assert county_approves(LATER, expected=Tally(2, 200000))[0].count == 2


def test_a_city_wide_approval_refuses_whole_if_one_countys_publicity_is_missing():
    school("4408030009", "SENIOR", county="440803", fee="1250")
    assess(enrol(new_id(region="440803"), "4408030009", "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    record(MONDAY)
    before = aid_state()
    with refused(Code.APPROVAL_NO_PUBLICITY) as caught:
        approve(scope=Scope.city(), actor="city", term="2019-2", today=LATER,
                with_unconfirmed=True)  # fmt: skip
    assert "霞山区普通高中国家助学金" in caught.value.message  # names, not codes
    assert aid_state() == before

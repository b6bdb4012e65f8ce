"""Drafts, school review, 公示, county approval, and what may change after it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.aid.scenario import (
    assess,
    department_list,
    enrol,
    jdlk,
    lists_last_changed_on,
    new_id,
    school,
)
from tests.refusals import refused
from zizhu.aid.models import Approval, Entitlement, EntitlementEvidence
from zizhu.aid.services import (
    approve,
    entitle,
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
    publicity_record,
)
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.registry.models import Enrolment

pytestmark = pytest.mark.django_db

SENIOR, OTHER_SENIOR = "4408020003", "4408030009"
CITY, CHIKAN = Scope.city(), Scope.of_county("440802")
AT_SENIOR = Scope.of_school(SENIOR, county="440802")
MONDAY = dt.date(2019, 9, 16)
NEXT_MONDAY = dt.date(2019, 9, 23)


@pytest.fixture(autouse=True)
def schools() -> None:
    school(SENIOR, "SENIOR", fee="1250")
    school(OTHER_SENIOR, "SENIOR", county="440803", fee="1250")


def grant(id_number: str) -> Entitlement:
    return Entitlement.objects.get(person__id_number=id_number, program="SEN_GRANT")


def approve_grants(**kwargs):  # type: ignore[no-untyped-def]
    """The county records a 公示 on the day it begins and approves a week later, drafts
    included (these tests are not about the school's confirmation)."""
    publicity_record(scope=CHIKAN, actor="county", term="2019-2", start_date=MONDAY, today=MONDAY)
    return approve(
        scope=CHIKAN,
        actor="county",
        term="2019-2",
        program="SEN_GRANT",
        today=NEXT_MONDAY,
        with_unconfirmed=True,
        **kwargs,
    )


def test_drafts_follow_the_data_and_approved_entitlements_do_not():
    kept, later = new_id(), new_id()
    assess(enrol(kept, SENIOR, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    approved = approve_grants()
    assert [(a.county, a.program, a.count, a.amount_fen) for a in approved] == [
        ("440802", "SEN_GRANT", 1, 100000)
    ]
    # After approval: the student leaves the roster, another is assessed.
    Enrolment.objects.filter(person__id_number=kept).update(on_roster=False)
    assess(enrol(later, SENIOR, "SENIOR", 2), "HARDSHIP")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert grant(kept).status == "APPROVED"
    assert grant(later).status == "DRAFT"
    # The draft follows the data: once not assessed any more, it is withdrawn.
    from zizhu.sources.models import HardshipAssessment

    HardshipAssessment.objects.filter(person__id_number=later).delete()
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert not Entitlement.objects.filter(person__id_number=later).exists()
    assert grant(kept).status == "APPROVED"


def test_a_student_enrolled_at_two_schools_is_held_and_counted_in_no_program():
    twice, transferred = new_id(), new_id()
    assess(enrol(twice, SENIOR, "SENIOR", 1), "SPECIAL")
    assess(enrol(twice, OTHER_SENIOR, "SENIOR", 1), "SPECIAL")
    assess(enrol(transferred, SENIOR, "SENIOR", 1, status="TRANSFERRED"), "SPECIAL")
    assess(enrol(transferred, OTHER_SENIOR, "SENIOR", 1), "SPECIAL")
    summary = entitle(term="2019-2", actor="test", scope=Scope.city())
    assert summary.held == 1
    assert grant(twice).status == "HELD"
    assert grant(transferred).status == "DRAFT"  # 转出 at one school is not a duplicate
    assert summary.programs["SEN_GRANT"].students == 1
    assert Entitlement.objects.filter(person__id_number=twice).count() == 1
    for county in (CHIKAN, Scope.of_county("440803")):
        publicity_record(scope=county, actor="c", term="2019-2", start_date=MONDAY, today=MONDAY)
    approve(scope=CITY, actor="county", term="2019-2", today=NEXT_MONDAY, with_unconfirmed=True)
    assert grant(twice).status == "HELD"


def test_approval_needs_five_working_days_of_publicity_and_changes_nothing_otherwise():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    events = Event.objects.count()
    county = {"scope": CHIKAN, "actor": "county", "term": "2019-2", "with_unconfirmed": True}
    with refused(Code.APPROVAL_NO_PUBLICITY):
        approve(**county, today=NEXT_MONDAY)
    publicity_record(scope=CHIKAN, actor="county", term="2019-2", start_date=MONDAY, today=MONDAY)
    with refused(Code.APPROVAL_PUBLICITY_SHORT) as caught:
        approve(**county, today=dt.date(2019, 9, 20))
    assert "4" in caught.value.message  # the days it had
    assert grant(kid).status == "DRAFT"
    assert Event.objects.count() == events + 1  # only the publicity
    # A paper 公示 that started earlier, given on the command line, is enough: the lists were
    # worked out before it began.
    lists_last_changed_on(dt.date(2019, 9, 2))
    approve(**county, today=dt.date(2019, 9, 20), publicity_start=dt.date(2019, 9, 9))
    assert grant(kid).status == "APPROVED"


def test_approval_freezes_the_grounds_of_each_entitlement():
    kid = new_id()
    enrol(kid, SENIOR, "SENIOR", 1)
    department_list("JDLK", [jdlk(kid)], year=2019)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    approve_grants()
    grounds = EntitlementEvidence.objects.get(entitlement=grant(kid))
    assert (grounds.category, grounds.hardship_level) == ("JDLK", "SPECIAL")
    assert grounds.source_record is not None and grounds.source_record.row_no == 2
    assert Approval.objects.get().count == 1


def test_an_exclusion_needs_a_reason_and_survives_a_new_entitle():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    with refused(Code.NOTE_REQUIRED):
        entitlement_exclude(
            scope=AT_SENIOR, actor="school", entitlement_id=grant(kid).pk, reason="  "
        )
    entitlement_exclude(
        scope=AT_SENIOR, actor="school", entitlement_id=grant(kid).pk, reason="已享受其他资助"
    )
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert (grant(kid).status, grant(kid).exclusion_reason) == ("EXCLUDED", "已享受其他资助")
    assert approve_grants() == []


def test_a_confirmed_draft_stays_confirmed_until_its_amount_changes():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert (
        entitlements_confirm(scope=AT_SENIOR, actor="school", term="2019-2", program="SEN_GRANT")
        == 1
    )
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert grant(kid).status == "CONFIRMED"


def test_a_school_can_add_a_student_with_evidence_and_the_addition_survives_entitle():
    kid = new_id()
    enrolment = enrol(kid, SENIOR, "SENIOR", 2)
    with refused(Code.NOTE_REQUIRED):
        entitlement_add(scope=AT_SENIOR, actor="school", term="2019-2", program="SEN_GRANT",
                        person_id=enrolment.person_id, evidence="")  # fmt: skip
    added = entitlement_add(
        scope=AT_SENIOR, actor="school", term="2019-2", program="SEN_GRANT",
        person_id=enrolment.person_id, evidence="家庭突发变故，村委证明",
    )  # fmt: skip
    assert (added.amount_fen, added.manual) == (100000, True)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert grant(kid).manual


def test_the_database_refuses_a_second_entitlement_for_one_person_program_and_term():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    original = grant(kid)
    original.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        original.save()


def test_an_entitlement_says_why_it_was_granted_before_and_after_approval():
    from zizhu.aid.selectors import entitlement_grounds

    kid = new_id()
    enrol(kid, SENIOR, "SENIOR", 1)
    department_list("JDLK", [jdlk(kid)], year=2019)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    draft = entitlement_grounds(scope=CITY, entitlement_id=grant(kid).pk)
    assert draft is not None
    assert (draft.program_name, draft.rule, draft.frozen) == (
        "普通高中国家助学金",
        "1000 元/学期",
        False,
    )
    assert [(g.category, g.list_kind, g.list_version, g.row_no) for g in draft.evidence] == [
        ("JDLK", "JDLK", 1, 2)
    ]
    approve_grants()
    # A newer list no longer names the student: the approved grounds stay as they were.
    department_list("JDLK", [], year=2019)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    frozen = entitlement_grounds(scope=CITY, entitlement_id=grant(kid).pk)
    assert frozen is not None
    assert frozen.frozen
    assert [(g.category, g.row_no, g.hardship_level) for g in frozen.evidence] == [
        ("JDLK", 2, "SPECIAL")
    ]

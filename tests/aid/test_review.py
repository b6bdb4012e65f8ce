"""The review of draft lists: a school confirms its own drafts only, a county excludes rows
of its county and sends a school's part back; each step is a change of its list."""

from __future__ import annotations

import pytest

from tests.aid.scenario import aid_state, assess, enrol, new_id, school
from tests.refusals import refused
from zizhu.aid.models import Entitlement, ListChange, SendBack
from zizhu.aid.selectors import confirm_tally, send_backs
from zizhu.aid.services import (
    entitle,
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
    list_send_back,
)
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.core.tally import Tally
from zizhu.sources.models import HardshipAssessment

pytestmark = pytest.mark.django_db

A, B, C = "4408020003", "4408020004", "4408030009"  # A and B in 赤坎区, C in 霞山区
AT_A, AT_B = Scope.of_school(A, county="440802"), Scope.of_school(B, county="440802")
CHIKAN, XIASHAN = Scope.of_county("440802"), Scope.of_county("440803")


@pytest.fixture(autouse=True)
def lists() -> None:
    """Two students assessed at each school: four SEN_GRANT drafts in 赤坎区, two in 霞山区."""
    school(A, "SENIOR", fee="1250")
    school(B, "SENIOR", fee="1250")
    school(C, "SENIOR", county="440803", fee="1250")
    for code, county in ((A, "440802"), (A, "440802"), (B, "440802"), (B, "440802"),
                         (C, "440803"), (C, "440803")):  # fmt: skip
        assess(enrol(new_id(region=county), code, "SENIOR", 1), "GENERAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())


def ids_at(code: str) -> list[int]:
    return list(
        Entitlement.objects.filter(school_id=code).order_by("pk").values_list("pk", flat=True)
    )


def statuses(code: str) -> list[str]:
    return list(
        Entitlement.objects.filter(school_id=code).order_by("pk").values_list("status", flat=True)
    )


def change_of(county: str) -> tuple[str, int]:
    found = ListChange.objects.get(term_id="2019-2", county_id=county, program="SEN_GRANT")
    return found.action, found.event_id


def test_a_school_confirms_its_own_drafts_and_another_schools_ids_are_refused():
    before = aid_state()
    for foreign in ([*ids_at(A), ids_at(B)[0]], [ids_at(C)[0]]):
        with refused(Code.NOT_FOUND):
            entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                                 entitlement_ids=foreign)  # fmt: skip
        assert aid_state() == before
    assert entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                                entitlement_ids=ids_at(A)[:1]) == 1  # fmt: skip
    assert statuses(A) == ["CONFIRMED", "DRAFT"] and statuses(B) == ["DRAFT", "DRAFT"]


def test_a_confirmation_whose_counts_changed_in_between_is_refused():
    shown = confirm_tally(scope=AT_A, term="2019-2", program="SEN_GRANT")
    assert shown == Tally(2, 200000)
    entitlement_exclude(scope=AT_A, actor="school", entitlement_id=ids_at(A)[0], reason="已转学")
    before = aid_state()
    with refused(Code.COUNTS_CHANGED):
        entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                             expected=shown)  # fmt: skip
    assert aid_state() == before
    now = confirm_tally(scope=AT_A, term="2019-2", program="SEN_GRANT")
    assert entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                                expected=now) == 1  # fmt: skip


def test_a_county_excludes_a_row_of_its_own_county_with_a_reason():
    row = ids_at(A)[0]
    before = aid_state()
    with refused(Code.NOTE_REQUIRED):
        entitlement_exclude(scope=CHIKAN, actor="county", entitlement_id=row, reason=" ")
    with refused(Code.NOT_FOUND):  # another county's row
        entitlement_exclude(scope=XIASHAN, actor="county", entitlement_id=row, reason="重复")
    with refused(Code.READ_ONLY):
        entitlement_exclude(scope=Scope.city().read_only(), actor="auditor", entitlement_id=row,
                            reason="重复")  # fmt: skip
    with refused(Code.ROLE_FORBIDDEN):
        entitlement_exclude(scope=Scope.city(), actor="city", entitlement_id=row, reason="重复")
    assert aid_state() == before
    entitlement_exclude(scope=CHIKAN, actor="county", entitlement_id=row, reason="重复享受")
    excluded = Entitlement.objects.get(pk=row)
    assert (excluded.status, excluded.excluded_by, excluded.exclusion_reason) == (
        "EXCLUDED",
        "COUNTY",
        "重复享受",
    )
    assert Event.objects.filter(action="aid.exclude").get().detail["by"] == "COUNTY"


def test_a_county_sends_a_schools_list_back_and_the_school_confirms_it_again():
    entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT")
    first, second = ids_at(A)
    entitlement_exclude(scope=AT_A, actor="school", entitlement_id=second, reason="家庭情况好转")
    entitlements_confirm(scope=AT_B, actor="school", term="2019-2", program="SEN_GRANT")
    entitlement_exclude(scope=CHIKAN, actor="county", entitlement_id=ids_at(B)[0], reason="重复")
    back = list_send_back(scope=CHIKAN, actor="county", term="2019-2", program="SEN_GRANT",
                          school=A, note="请核实两名学生的认定材料")  # fmt: skip
    # The school's confirmation and its own exclusion are undone; school B is untouched.
    assert back.count == 2 and statuses(A) == ["DRAFT", "DRAFT"]
    assert statuses(B) == ["EXCLUDED", "CONFIRMED"]
    event = Event.objects.get(action="aid.send_back")
    assert event.detail["confirmed"] == [first]
    assert event.detail["excluded"] == [[second, "家庭情况好转"]]
    waiting = send_backs(scope=AT_A, term="2019-2")
    assert [(w.note, w.count, w.answered) for w in waiting] == [
        ("请核实两名学生的认定材料", 2, False)
    ]
    assert send_backs(scope=AT_B, term="2019-2") == []
    entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT")
    assert send_backs(scope=AT_A, term="2019-2") == []  # answered
    assert SendBack.objects.get().answered_by == "school"


def test_a_county_cannot_send_back_another_countys_list():
    before = aid_state()
    with refused(Code.SCOPE_OUTSIDE):
        list_send_back(scope=XIASHAN, actor="county", term="2019-2", program="SEN_GRANT",
                       school=A, note="请核实")  # fmt: skip
    with refused(Code.NOT_FOUND):
        list_send_back(scope=XIASHAN, actor="county", term="2019-2", program="SEN_GRANT",
                       school="4408039999", note="请核实")  # fmt: skip
    with refused(Code.NOTE_REQUIRED):
        list_send_back(scope=CHIKAN, actor="county", term="2019-2", program="SEN_GRANT",
                       school=A, note="")  # fmt: skip
    with refused(Code.ROLE_FORBIDDEN):
        list_send_back(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                       school=A, note="请核实")  # fmt: skip
    assert aid_state() == before


def test_each_review_step_is_a_change_of_its_list_and_of_no_other():
    assert change_of("440802")[0] == "aid.entitle"
    xiashan = change_of("440803")
    entitlements_confirm(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT")
    assert change_of("440802")[0] == "aid.confirm"
    entitlement_exclude(scope=CHIKAN, actor="county", entitlement_id=ids_at(B)[0], reason="重复")
    assert change_of("440802")[0] == "aid.exclude"
    list_send_back(scope=CHIKAN, actor="county", term="2019-2", program="SEN_GRANT", school=A,
                   note="请核实")  # fmt: skip
    assert change_of("440802")[0] == "aid.send_back"
    late = enrol(new_id(), A, "SENIOR", 2)
    entitlement_add(scope=AT_A, actor="school", term="2019-2", program="SEN_GRANT",
                    person_id=late.person_id, evidence="突发重病，村委证明")  # fmt: skip
    assert change_of("440802")[0] == "aid.add"
    assert change_of("440803") == xiashan


def test_entitle_changes_a_list_only_when_its_rows_change_withdrawals_included():
    chikan, xiashan = change_of("440802"), change_of("440803")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert (change_of("440802"), change_of("440803")) == (chikan, xiashan)
    # One 霞山 student no longer assessed: the draft is withdrawn (the row is gone).
    gone = Entitlement.objects.filter(school_id=C).first()
    assert gone is not None
    HardshipAssessment.objects.filter(person_id=gone.person_id).delete()
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert not Entitlement.objects.filter(pk=gone.pk).exists()
    assert change_of("440803") != xiashan and change_of("440802") == chikan

"""A county hands a finding to a school with a note, the school answers, the county resolves;
each step stays in the finding's history, and nobody acts on a finding outside their own."""

from __future__ import annotations

import pytest

from tests.aid.scenario import enrol, new_id, school
from tests.refusals import refused
from zizhu.audit.models import Finding, FindingNote
from zizhu.audit.selectors import finding_line, finding_rows, findings_handed
from zizhu.audit.services import audit, finding_answer, finding_hand, finding_resolve
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope

pytestmark = pytest.mark.django_db

A, A2, B = "4408020001", "4408020002", "4408030002"
CHIKAN, XIASHAN = Scope.of_county("440802"), Scope.of_county("440803")
AT_A, AT_A2 = Scope.of_school(A, county="440802"), Scope.of_school(A2, county="440802")
AT_B = Scope.of_school(B, county="440803")


@pytest.fixture(autouse=True)
def schools() -> None:
    school(A, "PRIMARY")
    school(A2, "PRIMARY")
    school(B, "PRIMARY", county="440803")


def found(enrolled_at: tuple[str, ...] = (A, A2)) -> Finding:
    """A DUP_ENROLLMENT finding of one pupil on the roll of the given schools."""
    kid = new_id()
    for code in enrolled_at:
        enrol(kid, code, "PRIMARY", 3, name="张三")
    audit(scope=Scope.city(), term="2019-2", actor="cli:root")
    return Finding.objects.get(check_code="DUP_ENROLLMENT", person__id_number=kid)


def state() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], int]:
    """Everything a refused step must leave as it was."""
    findings = list(Finding.objects.order_by("pk").values_list(
        "pk", "status", "handed_school", "resolved_by", "resolution_note"))  # fmt: skip
    notes = list(FindingNote.objects.order_by("pk").values_list("pk", "kind", "note"))
    return findings, notes, Event.objects.count()


def test_a_county_hands_a_finding_to_a_school_which_answers_and_the_county_resolves():
    finding = found()
    finding_hand(scope=CHIKAN, actor="web:county881", finding_id=finding.pk, school=A2,
                 note="请核实该生是否已转入本校")  # fmt: skip
    handed = findings_handed(scope=AT_A2, term="2019-2")
    assert [(f.id, f.handed_school, f.handed_note) for f in handed] == [
        (finding.pk, A2, "请核实该生是否已转入本校")
    ]
    assert findings_handed(scope=AT_A, term="2019-2") == []
    assert [f.id for f in findings_handed(scope=CHIKAN, term="2019-2")] == [finding.pk]
    finding_answer(scope=AT_A2, actor="web:school2", finding_id=finding.pk, note="已于9月转入")
    line = finding_line(scope=CHIKAN, finding_id=finding.pk)
    assert line is not None and line.answer_note == "已于9月转入"
    finding_resolve(scope=CHIKAN, actor="web:county881", finding_id=finding.pk,
                    note="原学校已办转出")  # fmt: skip
    assert findings_handed(scope=AT_A2, term="2019-2") == []  # open ones only
    resolved = finding_rows(scope=Scope.city().read_only(), term="2019-2", status="RESOLVED")
    assert [(f.id, f.resolved_by, f.resolution_note) for f in resolved.rows] == [
        (finding.pk, "web:county881", "原学校已办转出")
    ]
    kinds = list(FindingNote.objects.filter(finding=finding).order_by("pk").values_list(
        "kind", "actor"))  # fmt: skip
    assert kinds == [("HANDED", "web:county881"), ("ANSWERED", "web:school2"),
                     ("RESOLVED", "web:county881")]  # fmt: skip
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"audit.hand", "audit.answer", "audit.resolve"} <= actions


def test_a_school_sees_only_the_findings_handed_to_it():
    finding = found()
    assert finding_rows(scope=AT_A, term="2019-2").total == 0
    finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=A, note="请核实")
    assert [f.id for f in finding_rows(scope=AT_A, term="2019-2").rows] == [finding.pk]
    assert finding_rows(scope=AT_A2, term="2019-2").total == 0
    assert finding_line(scope=AT_A2, finding_id=finding.pk) is None


def test_handing_to_a_school_of_another_county_is_refused_and_changes_nothing():
    finding = found((A, B))
    before = state()
    with refused(Code.SCOPE_OUTSIDE):
        finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=B, note="请核实")
    assert state() == before


def test_handing_another_countys_finding_is_refused_and_changes_nothing():
    finding = found((A, A2))
    before = state()
    with refused(Code.FINDING_NOT_OPEN):
        finding_hand(scope=XIASHAN, actor="web:x", finding_id=finding.pk, school=A, note="请核实")
    assert state() == before


def test_handing_to_a_school_the_student_is_not_at_is_refused():
    finding = found((A, A2))
    school("4408020009", "PRIMARY")
    before = state()
    with refused(Code.FINDING_SCHOOL_INVALID):
        finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school="4408020009",
                     note="请核实")  # fmt: skip
    assert state() == before


@pytest.mark.parametrize(("note", "code"), [(" ", Code.NOTE_REQUIRED), ("长" * 501, Code.TOO_LONG)])
def test_a_handing_without_a_note_or_with_a_huge_one_is_refused(note: str, code: Code):
    finding = found()
    before = state()
    with refused(code):
        finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=A, note=note)
    assert state() == before


def test_a_school_cannot_answer_or_resolve_another_schools_finding():
    finding = found()
    finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=A, note="请核实")
    before = state()
    with refused(Code.FINDING_NOT_HANDED):
        finding_answer(scope=AT_A2, actor="web:s2", finding_id=finding.pk, note="不是本校的")
    with refused(Code.FINDING_NOT_HANDED):
        finding_answer(scope=AT_B, actor="web:sb", finding_id=finding.pk, note="不是本校的")
    for school_scope in (AT_A, AT_A2):
        with refused(Code.ROLE_FORBIDDEN):
            finding_resolve(scope=school_scope, actor="web:s", finding_id=finding.pk, note="好")
    with refused(Code.ROLE_FORBIDDEN):
        finding_hand(scope=AT_A, actor="web:s", finding_id=finding.pk, school=A2, note="转交")
    assert state() == before


def test_an_auditor_only_looks():
    finding = found()
    before = state()
    with refused(Code.READ_ONLY):
        finding_hand(scope=Scope.city().read_only(), actor="web:a", finding_id=finding.pk,
                     school=A, note="请核实")  # fmt: skip
    with refused(Code.READ_ONLY):
        finding_resolve(scope=Scope.city().read_only(), actor="web:a", finding_id=finding.pk,
                        note="好")  # fmt: skip
    assert state() == before


def test_a_note_holding_a_whole_id_number_is_kept_masked():
    finding = found()
    kid = new_id()
    finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=A,
                 note=f"与 {kid} 核对")  # fmt: skip
    assert kid not in str(list(FindingNote.objects.values_list("note", flat=True)))
    assert kid not in str(list(Event.objects.values_list("detail", flat=True)))


def test_a_resolved_finding_that_comes_back_keeps_its_history_and_is_no_longer_handed():
    kid = new_id()
    enrol(kid, A, "PRIMARY", 3)
    enrol(kid, A2, "PRIMARY", 3)
    audit(scope=Scope.city(), term="2019-2", actor="cli:root")
    finding = Finding.objects.get(check_code="DUP_ENROLLMENT")
    finding_hand(scope=CHIKAN, actor="web:c", finding_id=finding.pk, school=A, note="请核实")
    finding_resolve(scope=CHIKAN, actor="web:c", finding_id=finding.pk, note="已核实")
    enrol(kid, B, "PRIMARY", 3)  # a third school: the facts change
    audit(scope=Scope.city(), term="2019-2", actor="cli:root")
    finding.refresh_from_db()
    assert (finding.status, finding.handed_school, finding.resolution_note) == ("OPEN", "", "")
    kinds = list(FindingNote.objects.filter(finding=finding).order_by("pk").values_list(
        "kind", "note", "actor"))  # fmt: skip
    assert kinds == [("HANDED", "请核实", "web:c"), ("RESOLVED", "已核实", "web:c"),
                     ("REOPENED", "", "cli:root")]  # fmt: skip


def test_a_finding_no_longer_found_is_cleared_in_its_history():
    finding = found()
    finding.person.enrolments.filter(school_id=A2).update(status="TRANSFERRED")
    audit(scope=Scope.city(), term="2019-2", actor="cli:root")
    assert list(FindingNote.objects.values_list("kind", flat=True)) == ["CLEARED"]

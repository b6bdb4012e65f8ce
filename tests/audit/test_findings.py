"""Findings stay open until resolved with a note, come back only when their facts change,
and a run that fails half-way leaves nothing behind."""

import pytest

from tests.aid.scenario import enrol, new_id, school
from tests.refusals import refused
from zizhu.audit import _checks
from zizhu.audit.models import Finding
from zizhu.audit.services import audit, finding_resolve
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.registry.models import Enrolment

pytestmark = pytest.mark.django_db

A_SCHOOL, B_SCHOOL, C_SCHOOL = "4408020001", "4408030002", "4408040003"


@pytest.fixture(autouse=True)
def schools() -> None:
    school(A_SCHOOL, "PRIMARY")
    school(B_SCHOOL, "PRIMARY", county="440803")
    school(C_SCHOOL, "PRIMARY", county="440804")


def twice_enrolled() -> str:
    kid = new_id()
    enrol(kid, A_SCHOOL, "PRIMARY", 3)
    enrol(kid, B_SCHOOL, "PRIMARY", 3)
    return kid


def test_a_resolved_finding_stays_resolved_until_its_facts_change():
    kid = twice_enrolled()
    first = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert first.counts == {"DUP_ENROLLMENT": 1}
    finding = Finding.objects.get()
    with refused(Code.NOTE_REQUIRED):
        finding_resolve(scope=Scope.city(), actor="county", finding_id=finding.pk, note=" ")
    finding_resolve(
        scope=Scope.city(), actor="county", finding_id=finding.pk, note="已与霞山区核实，下学期转出"
    )
    again = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert again.findings == [] and again.counts == {}
    assert Finding.objects.get().status == "RESOLVED"
    # A third school: the facts changed, so the finding is open again.
    enrol(kid, C_SCHOOL, "PRIMARY", 3)
    reopened = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert [f.detail for f in reopened.findings] == [
        f"同一学期在3所学校在读：{A_SCHOOL}、{B_SCHOOL}、{C_SCHOOL}"
    ]
    assert Finding.objects.get().status == "OPEN"


def test_an_open_finding_no_longer_found_is_cleared():
    kid = twice_enrolled()
    audit(scope=Scope.city(), term="2019-2", actor="auditor")
    Enrolment.objects.filter(person__id_number=kid, school_id=B_SCHOOL).update(status="TRANSFERRED")
    result = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert result.findings == []
    assert result.changes["cleared"] == 1
    assert Finding.objects.get().status == "CLEARED"


def test_an_audit_that_fails_half_way_leaves_no_findings_and_no_events(monkeypatch):
    twice_enrolled()
    events = Event.objects.count()

    def broken(term: str) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(_checks, "_no_id", broken)
    with pytest.raises(RuntimeError):
        audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert not Finding.objects.exists()
    assert Event.objects.count() == events


def test_each_run_writes_one_event_with_its_counts():
    twice_enrolled()
    audit(scope=Scope.city(), term="2019-2", actor="auditor")
    event = Event.objects.filter(action="audit.run").get()
    assert event.actor == "auditor"
    assert event.counts["DUP_ENROLLMENT"] == 1
    assert event.counts["SHARED_ACCOUNT"] == 0

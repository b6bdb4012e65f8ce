"""A county's entitle (issue 11, item 10): its officer's run touches that county only; the
city-wide run stays with the city."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.aid.scenario import assess, enrol, new_id, school
from tests.snapshot import database_rows
from tests.web.conftest import SCHOOL_A, SCHOOL_C, client_for, make_users
from tests.web.steps import confirmed
from zizhu.aid.models import Entitlement
from zizhu.aid.services import entitle
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.hardship.models import StudentHardship

pytestmark = pytest.mark.django_db


def _two_counties() -> None:
    school(SCHOOL_A, "SENIOR")
    school(SCHOOL_C, "SENIOR", county="440803")
    assess(enrol(new_id(), SCHOOL_A, "SENIOR", 1), "HARDSHIP")
    assess(enrol(new_id(region="440803"), SCHOOL_C, "SENIOR", 1, admin_county="440803"),
           "HARDSHIP")  # fmt: skip
    entitle(term="2019-2", actor="test", scope=Scope.city())


def _newcomers() -> None:
    """One more student in hardship in each county, after the city's run."""
    assess(enrol(new_id(), SCHOOL_A, "SENIOR", 2), "GENERAL")
    assess(enrol(new_id(region="440803"), SCHOOL_C, "SENIOR", 2, admin_county="440803"),
           "GENERAL")  # fmt: skip


def _of_county(county: str) -> list[tuple[int, str, int, str]]:
    return sorted(
        (e.person_id, e.program, e.amount_fen, e.status)
        for e in Entitlement.objects.filter(county_id=county)
    )


def _hardship_outside(county: str) -> list[tuple[int, str]]:
    rows = StudentHardship.objects.exclude(person__enrolments__admin_county=county)
    return list(rows.values_list("person_id", "level").order_by("person_id"))


def test_a_countys_run_writes_its_own_lists_and_its_own_students_hardship_only() -> None:
    _two_counties()
    _newcomers()
    other = _of_county("440803")
    other_hardship = _hardship_outside("440802")
    summary = entitle(term="2019-2", actor="officer", scope=Scope.of_county("440802"))
    assert len(_of_county("440802")) == 2 and summary.programs["SEN_GRANT"].students == 2
    assert _of_county("440803") == other  # the newcomer of 440803 waits for its own run
    assert _hardship_outside("440802") == other_hardship
    entitle(term="2019-2", actor="city", scope=Scope.city())
    assert len(_of_county("440803")) == 2


def test_a_school_or_a_department_cannot_work_out_lists() -> None:
    _two_counties()
    before = database_rows()
    for scope in (Scope.of_school(SCHOOL_A, county="440802"), Scope.of_department("JDLK")):
        with pytest.raises(Refused) as refused:
            entitle(term="2019-2", actor="x", scope=scope)
        assert refused.value.code == Code.ROLE_FORBIDDEN
    assert database_rows() == before


def test_the_county_officers_page_runs_the_countys_entitle_and_the_citys_the_citys(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _two_counties()
    make_users()
    _newcomers()
    other = _of_county("440803")
    response = confirmed(client_for("county_in"), reverse("web:entitle"))
    assert response.status_code == 302
    assert len(_of_county("440802")) == 2 and _of_county("440803") == other
    confirmed(client_for("city"), reverse("web:entitle"))
    assert len(_of_county("440803")) == 2
    for user in ("school_in", "department", "auditor"):
        assert client_for(user).post(reverse("web:entitle"), {"term": "2019-2"}).status_code == 403

"""A small city with one user per role, for the web tests.

County 440802 holds school A (the "inside" school); county 440803 holds school C (outside).
Background tasks run at once (django-tasks' immediate backend) so a request sees its job end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from tests.aid.scenario import assess, department_list, enrol, jdlk, new_id, school
from tests.web.event_triggers import triggers_lift, triggers_restore
from zizhu.aid.services import entitle
from zizhu.core.scope import Scope
from zizhu.demo.places import places_load
from zizhu.hardship.selectors import name_mismatch_ids
from zizhu.web.models import Job
from zizhu.web.users import user_create

SCHOOL_A, SCHOOL_B, SCHOOL_C = "4408020003", "4408020004", "4408030009"
PASSWORD = "Zizhu-Web-2019-test"
ROLES = {
    "city": {"role": "CITY"},
    "county_in": {"role": "COUNTY", "county": "440802"},
    "county_out": {"role": "COUNTY", "county": "440803"},
    "school_in": {"role": "SCHOOL", "school": SCHOOL_A},
    "school_out": {"role": "SCHOOL", "school": SCHOOL_C},
    "department": {"role": "DEPARTMENT", "department": "JDLK"},
    "auditor": {"role": "AUDITOR"},
}


@dataclass
class City:
    student_a: int  # person id of a student at school A (county 440802)
    student_c: int  # at school C (county 440803)
    id_a: str
    entitlement_a: int
    mismatch_a: int  # a NAME_MISMATCH of a student of county 440802
    job_a: int  # an import job of the school_in user, with an error file


@pytest.fixture(autouse=True)
def fast_web(request, settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.UPLOADS_DIR = tmp_path / "uploads"
    settings.ERRORS_DIR = tmp_path / "errors"
    settings.PAYMENTS_DIR = tmp_path / "payments"
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        triggers_restore()
    yield
    if transactional:
        triggers_lift()  # the flush that ends the test must be able to empty core_event


def make_users() -> None:
    for username, fields in ROLES.items():
        user_create(actor="test", username=username, password=PASSWORD, **fields)


def seed_regions_and_terms() -> None:
    """The city, terms and catalogue the tests assume (tests/conftest.py loads them before
    each test; loading again changes nothing)."""
    places_load(actor="test")


def build_city(tmp_path: Path) -> City:
    seed_regions_and_terms()
    school(SCHOOL_A, "SENIOR", fee="1250")
    school(SCHOOL_B, "SENIOR", fee="1250")
    school(SCHOOL_C, "SENIOR", county="440803", fee="1250")
    id_a, id_c, id_z = new_id(), new_id(region="440803"), new_id()
    a = enrol(id_a, SCHOOL_A, "SENIOR", 1, name="李明")
    assess(a, "GENERAL")
    c = enrol(id_c, SCHOOL_C, "SENIOR", 2, name="王芳", admin_county="440803")
    assess(c, "HARDSHIP")
    enrol(id_z, SCHOOL_A, "SENIOR", 3, name="陈小红")
    department_list("JDLK", [jdlk(id_z, name="陈晓红")], county="440802", year=2019)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    make_users()
    from zizhu.aid.selectors import entitlement_rows

    at_a = Scope.of_school(SCHOOL_A, county="440802")
    entitlement = entitlement_rows(scope=at_a, term="2019-2").rows[0]
    errors = tmp_path / "errors.xlsx"
    errors.write_bytes(b"PK\x03\x04 not really a workbook")
    from django.contrib.auth import get_user_model

    job = Job.objects.create(
        kind="IMPORT", user=get_user_model().objects.get(username="school_in"),
        import_kind="students", term="2019-2", file_name="roster.xlsx", status="DONE",
        result={"rows": 3, "accepted": 2, "unchanged": 0, "rejected": 1,
                "errors_file": str(errors), "errors": [{"row": 3, "reason": "坏"}]},
    )  # fmt: skip
    return City(
        student_a=a.person_id, student_c=c.person_id, id_a=id_a,
        entitlement_a=entitlement.id, mismatch_a=name_mismatch_ids(term="2019-2")[0],
        job_a=job.pk,
    )  # fmt: skip


@pytest.fixture
def city(db, tmp_path: Path) -> City:  # type: ignore[no-untyped-def]
    return build_city(tmp_path)


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=username))
    return client


@dataclass
class PaidCity(City):
    batch_a: str = ""  # the SEN_GRANT batch of county 440802
    file_a: Path = Path()
    finding_a: int = 0  # an open finding of county 440802


def pay_city(city: City, tmp_path: Path) -> PaidCity:
    """The city's lists approved, a payment batch per county and program, an audit run."""

    from tests.aid.scenario import lists_approved
    from zizhu.audit.selectors import finding_rows
    from zizhu.audit.services import audit
    from zizhu.payments.services import pay_export

    lists_approved()  # 公示 from 2019-09-02, approved on 2019-09-20
    sent = pay_export(
        scope=Scope.city(), actor="test", term="2019-2", out=tmp_path / "payments" / "2019-2"
    )
    batch = next(b for b in sent.batches if b.county == "440802" and b.program == "SEN_GRANT")
    audit(scope=Scope.city(), term="2019-2", actor="test")
    finding = finding_rows(scope=Scope.of_county("440802"), term="2019-2").rows[0]
    return PaidCity(**vars(city), batch_a=batch.batch_no, file_a=batch.file, finding_a=finding.id)


@pytest.fixture
def paid_city(city: City, tmp_path: Path) -> PaidCity:
    return pay_city(city, tmp_path)

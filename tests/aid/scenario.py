"""A small city built straight into the database, for identification and aid-list tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from tests.ids import make_id
from zizhu.core.models import Event
from zizhu.registry.models import Enrolment, Person, School, SchoolFee
from zizhu.sources.models import HardshipAssessment, SourceList, SourceRecord

_seq = itertools.count(101)


def event() -> Event:
    return Event.objects.create(actor="test", action="test.setup")


def new_id(birth: str = "20080101", region: str = "440802") -> str:
    return make_id(region=region, birth=birth, seq=next(_seq) % 1000)


def school(
    code: str,
    stages: str,
    *,
    county: str = "440802",
    ownership: str = "PUBLIC",
    fee: str | None = None,
) -> School:
    created = School.objects.create(
        code=code, name=f"学校{code}", county_code=county, stages=stages, ownership=ownership
    )
    if fee is not None:
        SchoolFee.objects.create(school=created, from_term=None, fee_fen=int(float(fee) * 100))
    return created


def enrol(
    id_number: str | None,
    school_code: str,
    stage: str,
    grade: int,
    *,
    term: str = "2019-2",
    name: str = "学生",
    student_no: str | None = None,
    **fields: Any,
) -> Enrolment:
    """A person on a roster; fields: boarding, hukou_code, hukou_rural, status, agri_major…"""
    if id_number:
        person, _ = Person.objects.get_or_create(id_number=id_number, defaults={"name": name})
    else:
        person, _ = Person.objects.get_or_create(student_no=student_no, defaults={"name": name})
    school_row = School.objects.get(code=school_code)
    county = fields.pop("admin_county", None) or (
        fields.get("hukou_code", "440802") if stage == "HIGHER" else school_row.county_code
    )
    values: dict[str, Any] = {
        "boarding": False,
        "hukou_code": "440802",
        "hukou_rural": True,
        "status": "ENROLLED",
        "account_no": "6217000000000000001",
        "payee_name": name,
        **fields,
    }
    return Enrolment.objects.create(
        term_id=term, school=school_row, person=person, admin_county_id=county,
        student_no=student_no or (f"G{id_number}" if id_number else ""), name=name,
        stage=stage, grade=grade, event=event(), **values,
    )  # fmt: skip


def department_list(
    kind: str, records: list[dict[str, Any]], *, county: str = "440802", year: int | None = None
) -> SourceList:
    """A new version of a county's list; records: id_number, name, category, dates."""
    previous = SourceList.objects.filter(kind=kind, county_id=county, year=year).count()
    source = SourceList.objects.create(
        kind=kind, county_id=county, year=year, version=previous + 1, file_name="test.xlsx",
        file_sha256="0" * 64, imported_by="test", imported_at=timezone.now(), event=event(),
        record_count=len(records),
    )  # fmt: skip
    for row_no, record in enumerate(records, start=2):
        SourceRecord.objects.create(source_list=source, row_no=row_no, **record)
    return source


def jdlk(id_number: str, name: str = "学生", status: str = "NOT_LIFTED") -> dict[str, Any]:
    return {"id_number": id_number, "name": name, "category": status}


def civil(
    id_number: str,
    category: str,
    start: dt.date,
    end: dt.date | None = None,
    name: str = "学生",
) -> dict[str, Any]:
    return {
        "id_number": id_number, "name": name, "category": category,
        "start_date": start, "end_date": end,
    }  # fmt: skip


def assess(enrolment: Enrolment, level: str) -> HardshipAssessment:
    return HardshipAssessment.objects.create(
        term=enrolment.term, school=enrolment.school, person=enrolment.person, level=level,
        row_no=2, event=event(),
    )  # fmt: skip


def lists_last_changed_on(day: dt.date) -> None:
    """As if every list had last changed on `day`: the rows of a test are made a moment ago,
    and a 公示 held on paper in 2019 could not have shown lists made today. The newest change
    of each list is a plain row (aid_listchange), which the system's clock wrote then."""
    from zizhu.aid.models import ListChange

    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    ListChange.objects.update(changed_at=moment)


def lists_approved(
    term: str = "2019-2",
    *,
    start: dt.date = dt.date(2019, 9, 2),
    today: dt.date = dt.date(2019, 9, 20),
    program: str | None = None,
) -> list[Any]:
    """Every county with rows to approve records a 公示 beginning on `start` (recorded that
    day) and approves on `today`, drafts included: the county's review done in bulk."""
    from zizhu.aid.models import Entitlement
    from zizhu.aid.services import approve, publicity_record
    from zizhu.core.scope import Scope

    counties = (
        Entitlement.objects.filter(term_id=term, status__in=["DRAFT", "CONFIRMED"])
        .values_list("county_id", flat=True)
        .distinct()
    )
    for county in sorted(counties):
        publicity_record(scope=Scope.of_county(county), actor="county", term=term,
                         start_date=start, today=start)  # fmt: skip
    return approve(scope=Scope.city(), actor="county", term=term, program=program, today=today,
                   with_unconfirmed=True)  # fmt: skip


def aid_state() -> tuple[Any, ...]:
    """Everything the review, the 公示 and the approval write: a refused step leaves it equal."""
    from zizhu.aid.models import Approval, Entitlement, ListChange, Publicity, SendBack

    return (
        list(Entitlement.objects.order_by("pk").values_list(
            "pk", "status", "excluded_by", "exclusion_reason", "amount_fen", "event_id",
            "approval_id")),
        list(Publicity.objects.order_by("pk").values_list(
            "pk", "start_date", "on_paper", "state", "replaced_by_id", "closed_note")),
        list(Approval.objects.order_by("pk").values_list("pk", "count", "publicity_id")),
        list(SendBack.objects.order_by("pk").values_list("pk", "note", "answered_event_id")),
        list(ListChange.objects.order_by("pk").values_list("pk", "event_id", "changed_at")),
        Event.objects.count(),
    )  # fmt: skip

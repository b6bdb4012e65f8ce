"""The hardship area's reads."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, QuerySet

from zizhu.core import bulk
from zizhu.core.scope import Scope
from zizhu.hardship.models import NameMismatch, StudentCategory, StudentHardship
from zizhu.registry.published_sql import enrolled
from zizhu.registry.selectors import people_in_scope, person_in_scope


@dataclass(frozen=True)
class CategoryEvidence:
    category: str
    list_kind: str
    list_version: int
    list_county: str
    row_no: int
    list_name: str


def hardship_level_counts(*, term: str, scope: Scope) -> dict[str, int]:
    """The term's students by hardship level: the whole city's, or those 在读 in the scope."""
    rows: list[tuple[str, int]]
    if scope.whole_city:
        rows = list(
            StudentHardship.objects.filter(term_id=term)
            .values("level")
            .annotate(n=Count("id"))
            .values_list("level", "n")
        )
    else:
        where, params = scope.sql(county="e.admin_county_id", school="e.school_id")
        rows = [
            (str(level), int(n))
            for level, n in bulk.fetch_all(
                f"""
                SELECT h.level, COUNT(*) FROM hardship_studenthardship h
                WHERE h.term_id = %s AND EXISTS (
                    SELECT 1 FROM registry_enrolment e WHERE e.person_id = h.person_id
                    AND e.term_id = h.term_id AND {enrolled("e")}
                    AND {where})
                GROUP BY h.level
                """,
                [term, *params],
            )
        ]
    counts = {"SPECIAL": 0, "HARDSHIP": 0, "GENERAL": 0}
    for level, n in rows:
        if level in counts:
            counts[level] = n
    return counts


def student_hardship_level(*, scope: Scope, term: str, person_id: int) -> str:
    """The person's level for the term ("NONE" also for a person outside the scope)."""
    if not person_in_scope(scope=scope, person_id=person_id, term=term):
        return "NONE"
    row = StudentHardship.objects.filter(term_id=term, person_id=person_id).first()
    return row.level if row else "NONE"


def student_categories(*, scope: Scope, term: str, person_id: int) -> list[CategoryEvidence]:
    """The person's categories for the term, with their list rows (none outside the scope)."""
    if not person_in_scope(scope=scope, person_id=person_id, term=term):
        return []
    rows = StudentCategory.objects.filter(term_id=term, person_id=person_id).select_related(
        "source_record__source_list"
    )
    return [
        CategoryEvidence(
            category=row.category,
            list_kind=row.source_record.source_list.kind,
            list_version=row.source_record.source_list.version,
            list_county=row.source_record.source_list.county_id,
            row_no=row.source_record.row_no,
            list_name=row.source_record.name,
        )
        for row in rows.order_by("category")
    ]


def category_records(
    *, scope: Scope, term: str, person_ids: Collection[int]
) -> dict[int, list[CategoryEvidence]]:
    """The categories of these people for the term, each with the list row that gives it
    (none for a person outside the scope): one query for them all."""
    inside = people_in_scope(scope=scope, term=term, person_ids=person_ids)
    rows = (
        StudentCategory.objects.filter(term_id=term, person_id__in=list(inside))
        .select_related("source_record__source_list")
        .order_by("person_id", "category")
    )
    found: dict[int, list[CategoryEvidence]] = {}
    for row in rows:
        found.setdefault(row.person_id, []).append(
            CategoryEvidence(
                category=row.category,
                list_kind=row.source_record.source_list.kind,
                list_version=row.source_record.source_list.version,
                list_county=row.source_record.source_list.county_id,
                row_no=row.source_record.row_no,
                list_name=row.source_record.name,
            )
        )
    return found


def name_mismatch_ids(*, term: str) -> list[int]:
    return list(
        NameMismatch.objects.filter(term_id=term).order_by("id").values_list("id", flat=True)
    )


# Reads for the web pages. `scope` is the acting user's jurisdiction.


@dataclass(frozen=True)
class MismatchRow:
    id: int
    term: str
    person_id: int
    id_number: str | None
    list_name: str
    student_name: str
    list_kind: str
    list_county: str
    list_version: int
    row_no: int
    confirmed: bool  # an officer confirmed it; it applies from the next `entitle`


def _mismatches_in_scope(term: str | None, scope: Scope) -> QuerySet[NameMismatch]:
    """Mismatches whose student has an enrolment of the mismatch's term in scope."""
    rows = NameMismatch.objects.all()
    if term:
        rows = rows.filter(term_id=term)
    if not scope.whole_city:
        rows = rows.filter(
            scope.q(
                county="person__enrolments__admin_county_id",
                school="person__enrolments__school_id",
            ),
            person__enrolments__term_id=models.F("term_id"),
        )
    else:
        scope.students_required()
    return rows.distinct()


def name_mismatch_rows(
    *, scope: Scope, term: str, person_ids: Collection[int] | None = None
) -> list[MismatchRow]:
    """The term's name mismatches in scope (of these people only, where given)."""
    from zizhu.hardship.models import NameConfirmation

    found = _mismatches_in_scope(term, scope)
    if person_ids is not None:
        found = found.filter(person_id__in=list(person_ids))
    rows = list(found.select_related("person", "source_record__source_list").order_by("id"))
    confirmed = set(
        NameConfirmation.objects.filter(
            id_number__in=[m.person.id_number for m in rows if m.person.id_number]
        ).values_list("id_number", "list_name", "student_name")
    )
    return [
        MismatchRow(
            m.pk,
            m.term_id,
            m.person_id,
            m.person.id_number,
            m.list_name,
            m.student_name,
            m.source_record.source_list.kind,
            m.source_record.source_list.county_id,
            m.source_record.source_list.version,
            m.source_record.row_no,
            (m.person.id_number, m.list_name, m.student_name) in confirmed,
        )  # fmt: skip
        for m in rows
    ]


def name_mismatch_in_scope(*, scope: Scope, mismatch_id: int) -> bool:
    return _mismatches_in_scope(None, scope).filter(pk=mismatch_id).exists()


@dataclass(frozen=True)
class ListMatchSummary:
    """How one version of a department's county list matched the students of a term:
    counts only, no student records."""

    term: str
    list_kind: str
    list_county: str
    list_version: int
    matched: int  # students given a category by a record of this version
    name_mismatches: int  # records held for review


def list_match_summaries(*, kind: str | None = None) -> list[ListMatchSummary]:
    keys = ("term_id", "source_record__source_list__kind", "source_record__source_list__county_id",
            "source_record__source_list__version")  # fmt: skip
    categories = StudentCategory.objects.all()
    mismatches = NameMismatch.objects.all()
    if kind:
        categories = categories.filter(source_record__source_list__kind=kind)
        mismatches = mismatches.filter(source_record__source_list__kind=kind)
    counts: dict[tuple[str, str, str, int], list[int]] = {}
    for row in categories.values(*keys).annotate(n=Count("person_id", distinct=True)):
        counts.setdefault(tuple(row[k] for k in keys), [0, 0])[0] = row["n"]
    for row in mismatches.values(*keys).annotate(n=Count("id")):
        counts.setdefault(tuple(row[k] for k in keys), [0, 0])[1] = row["n"]
    return [
        ListMatchSummary(term, list_kind, county, version, matched, held)
        for (term, list_kind, county, version), (matched, held) in sorted(counts.items())
    ]

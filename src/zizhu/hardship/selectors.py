"""The hardship area's reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from zizhu.hardship.models import NameMismatch, StudentCategory, StudentHardship


@dataclass(frozen=True)
class CategoryEvidence:
    category: str
    list_kind: str
    list_version: int
    list_county: str
    row_no: int
    list_name: str


def hardship_level_counts(*, term: str) -> dict[str, int]:
    rows = (
        StudentHardship.objects.filter(term_id=term)
        .values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    counts = {"SPECIAL": 0, "HARDSHIP": 0, "GENERAL": 0}
    for level, n in rows:
        if level in counts:
            counts[level] = n
    return counts


def student_hardship_level(*, term: str, person_id: int) -> str:
    row = StudentHardship.objects.filter(term_id=term, person_id=person_id).first()
    return row.level if row else "NONE"


def student_categories(*, term: str, person_id: int) -> list[CategoryEvidence]:
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


def name_mismatch_ids(*, term: str) -> list[int]:
    return list(
        NameMismatch.objects.filter(term_id=term).order_by("id").values_list("id", flat=True)
    )

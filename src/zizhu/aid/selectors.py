"""The aid area's reads."""

from __future__ import annotations

from dataclasses import dataclass

from zizhu.aid.catalogue import catalogue_for_term
from zizhu.aid.models import Entitlement
from zizhu.hardship.selectors import student_categories, student_hardship_level


@dataclass(frozen=True)
class Ground:
    """One piece of evidence: a list row that gives a category, or the school's 认定."""

    kind: str  # "category" or "assessment"
    category: str
    list_kind: str
    list_version: int | None
    list_county: str
    row_no: int | None
    hardship_level: str


@dataclass(frozen=True)
class Grounds:
    """Why an entitlement exists: the program, the amount rule and standard, the evidence."""

    entitlement_id: int
    program: str
    program_name: str
    status: str
    amount_fen: int
    rule: str
    catalogue: str
    manual_evidence: str
    exclusion_reason: str
    evidence: list[Ground]
    frozen: bool  # True once approved: the evidence is as it stood at approval


def entitlement_grounds(*, entitlement_id: int) -> Grounds:
    entitlement = Entitlement.objects.get(pk=entitlement_id)
    program = catalogue_for_term(entitlement.term_id).program(entitlement.program)
    frozen = entitlement.status == "APPROVED"
    if frozen:
        evidence = [
            Ground(
                kind="category" if g.category else "assessment",
                category=g.category,
                list_kind=g.source_record.source_list.kind if g.source_record else "",
                list_version=g.source_record.source_list.version if g.source_record else None,
                list_county=g.source_record.source_list.county_id if g.source_record else "",
                row_no=g.source_record.row_no if g.source_record else None,
                hardship_level=g.hardship_level,
            )
            for g in entitlement.grounds.select_related("source_record__source_list")
        ]
    else:
        level = student_hardship_level(term=entitlement.term_id, person_id=entitlement.person_id)
        categories = student_categories(term=entitlement.term_id, person_id=entitlement.person_id)
        evidence = [
            Ground("category", c.category, c.list_kind, c.list_version, c.list_county,
                   c.row_no, level)
            for c in categories
        ] or [Ground("assessment", "", "", None, "", None, level)]  # fmt: skip
    return Grounds(
        entitlement_id=entitlement.pk,
        program=entitlement.program,
        program_name=program.name,
        status=entitlement.status,
        amount_fen=entitlement.amount_fen,
        rule=entitlement.rule,
        catalogue=entitlement.catalogue,
        manual_evidence=entitlement.evidence,
        exclusion_reason=entitlement.exclusion_reason,
        evidence=evidence,
        frozen=frozen,
    )

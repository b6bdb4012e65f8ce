"""The registry's reads that other areas may use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zizhu.registry.models import Region, Term


def administered_county_codes() -> set[str]:
    """The GB/T 2260 codes of the counties whose aid this system administers."""
    return set(Region.objects.values_list("code", flat=True))


def known_term_codes() -> set[str]:
    """The codes of the terms the system knows (`2019-1`, `2019-2`, …)."""
    return set(Term.objects.values_list("code", flat=True))


@dataclass(frozen=True)
class TermFacts:
    code: str
    name: str
    year: int
    reference_date: dt.date
    payment_due_date: dt.date | None


class UnknownTerm(Exception):
    """No such term."""


def term_facts(code: str) -> TermFacts:
    term = Term.objects.filter(code=code).first()
    if term is None:
        raise UnknownTerm(f"未知的学期：{code}")
    return TermFacts(
        code=term.code,
        name=term.name,
        year=term.year,
        reference_date=term.reference_date,
        payment_due_date=term.payment_due_date,
    )

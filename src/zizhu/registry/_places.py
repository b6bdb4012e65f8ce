"""The registry's reads of places and terms: the city, its counties, the terms (cli.md
"Years and places"), and the refusals that name what to load when they are missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zizhu.core.errors import Code, Refused
from zizhu.registry.models import City, Region, Term

REGION_HINT = "请先用 zizhu region load 载入本市的行政区划文件（网页：政策与学期）"
TERM_HINT = "请先用 zizhu term add 添加学期（网页：政策与学期）"


@dataclass(frozen=True)
class CityFacts:
    code: str
    name: str


def city_of() -> CityFacts | None:
    """The city this system administers; None before a 行政区划 file is loaded."""
    city = City.objects.first()
    return None if city is None else CityFacts(city.code, city.name)


def city_required() -> CityFacts:
    city = city_of()
    if city is None:
        raise Refused(Code.REGION_MISSING, f"系统中还没有行政区划：{REGION_HINT}")
    return city


def county_names() -> dict[str, str]:
    """The city's counties, code -> name, by code."""
    return dict(Region.objects.order_by("code").values_list("code", "name"))


def administered_county_codes() -> set[str]:
    """The GB/T 2260 codes of the counties whose aid this system administers."""
    return set(Region.objects.values_list("code", flat=True))


def county_codes_required() -> set[str]:
    """The counties, refused (naming what to load) when none is loaded: a step that checks
    rows against them would otherwise reject every row."""
    codes = administered_county_codes()
    if not codes:
        raise Refused(Code.REGION_MISSING, f"系统中还没有区县：{REGION_HINT}")
    return codes


def known_term_codes() -> set[str]:
    """The codes of the terms the system knows (`YYYY-1`, `YYYY-2`, …)."""
    return set(Term.objects.values_list("code", flat=True))


@dataclass(frozen=True)
class TermFacts:
    code: str
    name: str
    year: int
    reference_date: dt.date
    payment_due_date: dt.date | None

    def as_json(self) -> dict[str, Any]:
        """cli.md's `term list` entry."""
        due = self.payment_due_date
        return {
            "term": self.code, "name": self.name,
            "reference_date": self.reference_date.isoformat(),
            "payment_due": due.isoformat() if due else None,
        }  # fmt: skip


def _facts(term: Term) -> TermFacts:
    return TermFacts(
        code=term.code,
        name=term.name,
        year=term.year,
        reference_date=term.reference_date,
        payment_due_date=term.payment_due_date,
    )


def term_facts(code: str) -> TermFacts:
    term = Term.objects.filter(code=code).first()
    if term is None:
        raise Refused(Code.TERM_UNKNOWN, f"未知的学期：{code}；{TERM_HINT}")
    return _facts(term)


def term_list() -> list[TermFacts]:
    """Every term, oldest first."""
    return [_facts(t) for t in Term.objects.order_by("code")]

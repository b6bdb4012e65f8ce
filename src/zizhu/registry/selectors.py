"""The registry's reads that other areas may use."""

from __future__ import annotations

from zizhu.registry.models import Region, Term


def administered_county_codes() -> set[str]:
    """The GB/T 2260 codes of the counties whose aid this system administers."""
    return set(Region.objects.values_list("code", flat=True))


def known_term_codes() -> set[str]:
    """The codes of the terms the system knows (`2019-1`, `2019-2`, …)."""
    return set(Term.objects.values_list("code", flat=True))

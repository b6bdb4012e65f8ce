"""The loan caps as data: written from a loaded policy catalogue, read by the loans import.

Each catalogue may give the caps by school year (docs/catalogue.md, `[[loan_caps]]`); the
newest loaded catalogue that gives them decides. A new cap is a new catalogue, never code.
"""

from __future__ import annotations

from django.db import transaction

from zizhu.core.errors import Code, Refused
from zizhu.loans.models import LoanCap

# (the first school year's starting year it applies to, {level: cap in fen}), oldest first.
Caps = tuple[tuple[int, dict[str, int]], ...]
CAPS_HINT = "请先用 zizhu catalogue load 载入写明贷款额度（loan_caps）的政策目录"


def loan_caps_replace(*, caps: Caps, catalogue_version: int) -> None:
    """Replace the caps with a catalogue's. Part of the catalogue's load: call inside its
    transaction, whose event records the caps."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("loan caps are written in the transaction of a catalogue's load")
    LoanCap.objects.all().delete()
    LoanCap.objects.bulk_create(
        LoanCap(from_year=year, level=level, cap_fen=fen, catalogue_version=catalogue_version)
        for year, levels in caps
        for level, fen in levels.items()
    )


def loan_caps() -> Caps:
    """The caps in force, oldest first; refused when no catalogue gave any."""
    found: dict[int, dict[str, int]] = {}
    for row in LoanCap.objects.order_by("from_year", "level"):
        found.setdefault(row.from_year, {})[row.level] = row.cap_fen
    if not found:
        raise Refused(Code.CATALOGUE_MISSING, f"系统中还没有助学贷款额度：{CAPS_HINT}")
    return tuple(found.items())

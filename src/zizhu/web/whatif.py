"""The what-if's result for its job page: a draft catalogue's lists for a term, per program
and per county, against today's lists (aid.selectors.entitle_dry_run), as the job's JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zizhu.aid.selectors import WhatIfLine, catalogue_read, entitle_dry_run
from zizhu.core.money import fen_to_yuan
from zizhu.core.scope import Scope
from zizhu.registry.selectors import county_names


def signed_yuan(fen: int) -> str:
    """A change in yuan with its sign: "+250.00", "-250.00", "0.00"."""
    return f"+{fen_to_yuan(fen)}" if fen > 0 else fen_to_yuan(fen)


def whatif_result(*, path: Path, term: str) -> dict[str, Any]:
    """Price the draft at `path` (deleted once read: the result keeps its sha256)."""
    try:
        draft = catalogue_read(path)
    finally:
        path.unlink(missing_ok=True)
    found = entitle_dry_run(term=term, catalogue=draft, scope=Scope.city())
    names = {p.code: p.name for p in draft.programs}
    counties = county_names()

    def line(item: WhatIfLine) -> dict[str, Any]:
        return {
            "county": item.county, "county_name": counties.get(item.county, item.county),
            "program": item.program, "name": names.get(item.program, item.program),
            "students": item.students, "amount": fen_to_yuan(item.amount_fen),
            "change_students": item.change_students, "change_amount": signed_yuan(item.change_fen),
        }  # fmt: skip

    return {
        "catalogue": draft.name, "sha256": draft.sha256, "students": found.students,
        "held": found.held, "capped": found.capped, "no_amount": found.no_amount,
        "programs": [line(p) for p in found.programs()], "lines": [line(x) for x in found.lines],
    }  # fmt: skip

"""The what-if for a budget (`zizhu entitle --term T --catalogue FILE --dry-run`): the lists a
catalogue file, not loaded, would give for the term, against the lists as they stand.

It computes exactly what a fresh `entitle` under the file would (as if nothing of the term
were approved yet; the earlier terms' approved entitlements count toward the yearly cap as
they stand) inside a transaction that is then rolled back: identification rewrites the
term's hardship tables on its way, and the rollback takes that back. No event is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zizhu.aid._qualify import qualifying_build, qualifying_drop, scope_for_entitle
from zizhu.aid._status_sql import COUNTED
from zizhu.aid.catalogue import Catalogue
from zizhu.core import bulk
from zizhu.core.money import fen_to_yuan
from zizhu.core.scope import Scope
from zizhu.hardship.selectors import hardship_level_counts


@dataclass(frozen=True)
class WhatIfLine:
    """One county and program: the draft's list against the current one (draft, confirmed
    and approved entitlements)."""

    county: str
    program: str
    students: int
    amount_fen: int
    current_students: int
    current_fen: int

    @property
    def change_students(self) -> int:
        return self.students - self.current_students

    @property
    def change_fen(self) -> int:
        return self.amount_fen - self.current_fen


@dataclass(frozen=True)
class WhatIf:
    term: str
    catalogue: Catalogue
    students: int
    hardship: dict[str, int]
    held: int
    capped: int
    no_amount: dict[str, int]
    lines: list[WhatIfLine]  # by county, then the draft's program order

    def programs(self) -> list[WhatIfLine]:
        """The lines added up per program (county ""), in the draft's order, then programs
        only the current lists have."""
        order = {p.code: n for n, p in enumerate(self.catalogue.programs)}
        totals: dict[str, list[int]] = {}
        for line in self.lines:
            total = totals.setdefault(line.program, [0, 0, 0, 0])
            total[0] += line.students
            total[1] += line.amount_fen
            total[2] += line.current_students
            total[3] += line.current_fen
        return [
            WhatIfLine("", code, *values)
            for code, values in sorted(totals.items(), key=lambda t: (order.get(t[0], 99), t[0]))
        ]

    def as_json(self) -> dict[str, Any]:
        """entitle's shape, with `change` per program (cli.md)."""
        return {
            "term": self.term,
            "students": self.students,
            "hardship": self.hardship,
            "programs": {
                p.program: {
                    "students": p.students, "amount": fen_to_yuan(p.amount_fen),
                    "change": {"students": p.change_students,
                               "amount": fen_to_yuan(p.change_fen)},
                }
                for p in sorted(self.programs(), key=lambda p: p.program)
            },
            "held": self.held,
        }  # fmt: skip


def entitle_dry_run(*, term: str, catalogue: Catalogue, scope: Scope) -> WhatIf:
    scope_for_entitle(scope)
    with transaction.atomic():
        found = qualifying_build(term=term, scope=scope, catalogue=catalogue, fresh=True)
        drafted = bulk.fetch_all(
            """
            SELECT county_id, program, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM ent_pick
            WHERE held = 0 AND capped = 0 GROUP BY county_id, program
            """
        )
        held, capped = bulk.fetch_all(
            """
            SELECT COALESCE(SUM(CASE WHEN held = 1 AND capped = 0 THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(capped), 0)
            FROM ent_pick
            """
        )[0]
        hardship = hardship_level_counts(term=term, scope=scope)
        qualifying_drop()
        transaction.set_rollback(True)  # the identification's rewrite goes back too
    current = _current(term, scope)
    order = {p.code: n for n, p in enumerate(catalogue.programs)}
    keys = {(str(c), str(p)) for c, p, _, _ in drafted} | set(current)
    new = {(str(c), str(p)): (int(n), int(fen)) for c, p, n, fen in drafted}
    lines = [
        WhatIfLine(county, program, *new.get((county, program), (0, 0)),
                   *current.get((county, program), (0, 0)))
        for county, program in sorted(keys, key=lambda k: (k[0], order.get(k[1], 99), k[1]))
    ]  # fmt: skip
    return WhatIf(
        term=term, catalogue=catalogue, students=int(found.identified["students"]),
        hardship=hardship, held=int(held), capped=int(capped), no_amount=found.no_amount,
        lines=lines,
    )  # fmt: skip


def _current(term: str, scope: Scope) -> dict[tuple[str, str], tuple[int, int]]:
    where, params = scope.sql(county="county_id", school="school_id")
    rows = bulk.fetch_all(
        f"""
        SELECT county_id, program, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM aid_entitlement
        WHERE term_id = %s AND status IN ({COUNTED}) AND {where}
        GROUP BY county_id, program
        """,
        [term, *params],
    )
    return {(str(c), str(p)): (int(n), int(fen)) for c, p, n, fen in rows}

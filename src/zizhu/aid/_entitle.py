"""`entitle`: every student's categories and level, then every program's draft list, for a
whole term at once (or for one county of it), in one transaction.

The merge updates drafts, adds new ones and withdraws drafts nobody qualifies for any more.
Approved entitlements, exclusions and 补录 rows are decisions of people and are never
rewritten here. A county's run reads the whole city where it must (a student 在读 at a school
of another county is held) and writes only rows of its own county.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zizhu.aid._catalogue_store import catalogue_in_force
from zizhu.aid._changes import lists_changed, lists_losing_rows, lists_of_event
from zizhu.aid._qualify import qualifying_build, qualifying_drop, scope_for_entitle
from zizhu.aid._status_sql import (
    CAPPED,
    CONFIRMED,
    COUNTED,
    DRAFT,
    EXCLUDED,
    HELD,
    UNAPPROVED,
    UNREVIEWED,
    WITHDRAWABLE,
)
from zizhu.aid.catalogue import Catalogue
from zizhu.core import bulk
from zizhu.core.events import event_record
from zizhu.core.money import fen_to_yuan
from zizhu.core.progress import Progress, progress_or_silent, rows_known
from zizhu.core.scope import Scope
from zizhu.hardship.constants import HardshipLevel
from zizhu.hardship.selectors import hardship_level_counts
from zizhu.registry.selectors import term_facts


@dataclass
class ProgramTotal:
    students: int
    amount_fen: int


@dataclass
class EntitleSummary:
    term: str
    students: int
    hardship: dict[str, int]
    programs: dict[str, ProgramTotal]
    held: int
    changes: dict[str, int] = field(default_factory=dict)
    no_amount: dict[str, int] = field(default_factory=dict)
    capped: int = 0  # entitlements the yearly cap left with nothing

    def as_json(self) -> dict[str, Any]:
        """cli.md's `entitle` shape (hardship levels by their Chinese names): what both doors
        print and keep."""
        return {
            "term": self.term,
            "students": self.students,
            "hardship": {HardshipLevel(k).label: n for k, n in self.hardship.items()},
            "programs": {
                code: {"students": total.students, "amount": fen_to_yuan(total.amount_fen)}
                for code, total in sorted(self.programs.items())
            },
            "held": self.held,
        }


def entitle(
    *,
    term: str,
    actor: str,
    scope: Scope,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> EntitleSummary:
    """The term's lists under the catalogue in force (or the one given), for the scope: the
    whole city, or one county. `progress` hears its stages (zizhu.core.progress)."""
    scope_for_entitle(scope)
    term_facts(term)  # an unknown term is refused as such, before its catalogue
    policy = catalogue or catalogue_in_force(term=term)
    county = scope.county if not scope.whole_city else None
    report = progress_or_silent(progress)
    with transaction.atomic():
        report(0.0, "认定类别和困难等级")
        found = qualifying_build(term=term, scope=scope, catalogue=policy)
        rows_known(report, int(found.identified.get("students", 0)))
        report(0.6, "写入名单")
        event = event_record(
            actor=actor,
            action="aid.entitle",
            subject=f"{term} {county or '全市'}",
            counts=found.identified,
            detail={"catalogue": policy.source, "version": policy.version,
                    "no_amount": found.no_amount, "scope": scope.key},
        )  # fmt: skip
        leaving = lists_losing_rows(term=term, county=county)
        changes = _merge(term, policy.source, event.pk, county)
        lists_changed(term=term, event_id=event.pk, action=event.action, at=event.at,
                      lists=leaving | lists_of_event(term=term, event_id=event.pk))  # fmt: skip
        report(0.9, "汇总")
        summary = _summary(term, found.identified["students"], scope)
        qualifying_drop()
    report(1.0, "完成")
    summary.changes = changes
    summary.no_amount = found.no_amount
    return summary


def _merge(term: str, source: str, event_id: int, county: str | None) -> dict[str, int]:
    # SET and WHERE both read the row's values from before the update.
    old = "aid_entitlement"
    own = f"AND {old}.county_id = %s" if county else ""
    own_params = [county] if county else []
    differs = (
        f"({old}.amount_fen <> p.amount_fen OR {old}.enrolment_id <> p.enrolment_id"
        f" OR {old}.rule <> p.rule OR {old}.catalogue <> %s"
        f" OR (p.capped = 1 AND {old}.status NOT IN ({CAPPED}, {EXCLUDED}))"
        f" OR (p.capped = 0 AND {old}.status = {CAPPED})"
        f" OR (p.capped = 0 AND p.held = 1 AND {old}.status NOT IN ({HELD}, {EXCLUDED}))"
        f" OR (p.held = 0 AND {old}.status = {HELD}))"
    )
    updated = bulk.execute(
        f"""
        UPDATE aid_entitlement SET
            enrolment_id = p.enrolment_id, school_id = p.school_id, county_id = p.county_id,
            amount_fen = p.amount_fen, rule = p.rule, catalogue = %s, event_id = %s,
            status = CASE
                WHEN aid_entitlement.status = {EXCLUDED} THEN {EXCLUDED}
                WHEN p.capped = 1 THEN {CAPPED}
                WHEN p.held = 1 THEN {HELD}
                WHEN aid_entitlement.status = {CONFIRMED}
                     AND aid_entitlement.amount_fen = p.amount_fen
                     AND aid_entitlement.enrolment_id = p.enrolment_id THEN {CONFIRMED}
                ELSE {DRAFT} END,
            exclusion_reason = CASE
                WHEN aid_entitlement.status = {EXCLUDED} THEN aid_entitlement.exclusion_reason
                WHEN p.capped = 1 THEN p.cap_reason ELSE '' END
        FROM ent_pick p
        WHERE aid_entitlement.term_id = %s {own}
          AND p.person_id = aid_entitlement.person_id AND p.program = aid_entitlement.program
          AND aid_entitlement.status IN ({UNAPPROVED})
          AND {differs}
        """,
        [source, event_id, term, *own_params, source],
    )
    added = bulk.execute(
        f"""
        INSERT INTO aid_entitlement (term_id, person_id, program, enrolment_id, school_id,
            county_id, amount_fen, status, rule, catalogue, manual, evidence, exclusion_reason,
            event_id)
        SELECT %s, p.person_id, p.program, p.enrolment_id, p.school_id, p.county_id,
            p.amount_fen,
            CASE WHEN p.capped = 1 THEN {CAPPED} WHEN p.held = 1 THEN {HELD} ELSE {DRAFT} END,
            p.rule, %s, FALSE, '', p.cap_reason, %s
        FROM ent_pick p
        WHERE NOT EXISTS (SELECT 1 FROM aid_entitlement x WHERE x.term_id = %s
                          AND x.person_id = p.person_id AND x.program = p.program)
        ORDER BY p.program_order, p.person_id
        """,
        [term, source, event_id, term],
    )
    withdrawn = bulk.execute(
        f"""
        DELETE FROM aid_entitlement
        WHERE term_id = %s {own} AND status IN ({WITHDRAWABLE})
          AND NOT manual
          AND NOT EXISTS (SELECT 1 FROM ent_pick p WHERE p.person_id = aid_entitlement.person_id
                          AND p.program = aid_entitlement.program)
        """,
        [term, *own_params],
    )
    # 补录 rows are held like the others when their student is 在读 at two schools.
    held_manual = bulk.execute(
        f"""
        UPDATE aid_entitlement SET status = {HELD}, event_id = %s
        WHERE term_id = %s {own} AND manual AND status IN ({UNREVIEWED})
          AND person_id IN (SELECT person_id FROM ent_held)
        """,
        [event_id, term, *own_params],
    )
    return {"added": added, "updated": updated + held_manual, "withdrawn": withdrawn}


def _summary(term: str, students: int, scope: Scope) -> EntitleSummary:
    county = None if scope.whole_city else scope.county
    own = "AND county_id = %s" if county else ""
    params = [term, *([county] if county else [])]
    rows = bulk.fetch_all(
        f"""
        SELECT program, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM aid_entitlement
        WHERE term_id = %s {own} AND status IN ({COUNTED})
        GROUP BY program
        """,
        params,
    )
    held, capped = bulk.fetch_all(
        f"""
        SELECT COALESCE(SUM(CASE WHEN status = {HELD} THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN status = {CAPPED} THEN 1 ELSE 0 END), 0)
        FROM aid_entitlement WHERE term_id = %s {own}
        """,
        params,
    )[0]
    return EntitleSummary(
        term=term,
        students=students,
        hardship=hardship_level_counts(term=term, scope=scope),
        programs={str(p): ProgramTotal(int(n), int(a)) for p, n, a in rows},
        held=int(held),
        capped=int(capped),
    )

"""`entitle`: every student's categories and level, then every program's draft list, for a
whole term at once, in one transaction.

One statement per program builds the candidates; the merge then updates drafts, adds new
ones and withdraws drafts nobody qualifies for any more. Approved entitlements, exclusions
and 补录 rows are decisions of people and are never rewritten here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zizhu.aid._changes import lists_changed, lists_losing_rows, lists_of_event
from zizhu.aid._rules_sql import amount_sql, condition_sql, fee_tables_create
from zizhu.aid.catalogue import Catalogue, catalogue_for_term
from zizhu.aid.models import Entitlement
from zizhu.core import bulk
from zizhu.core.events import event_record
from zizhu.core.money import fen_to_yuan
from zizhu.hardship.constants import HardshipLevel
from zizhu.hardship.selectors import hardship_level_counts
from zizhu.hardship.services import hardship_compute
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


_CANDIDATES = """
    INSERT INTO ent_cand (person_id, program, enrolment_id, school_id, county_id, amount_fen,
                          rule, program_order)
    SELECT e.person_id, %s, e.id, e.school_id, e.admin_county_id, {amount}, {label}, %s
    FROM registry_enrolment e
    JOIN registry_school s ON s.code = e.school_id
    LEFT JOIN hardship_studenthardship h ON h.term_id = e.term_id AND h.person_id = e.person_id
    LEFT JOIN ent_fee fee ON fee.school_id = e.school_id
    LEFT JOIN ent_cap cap ON cap.county_code = s.county_code
    WHERE e.term_id = %s AND e.on_roster AND e.status = 'ENROLLED' AND {who}
"""

_SCRATCH = ["ent_fee", "ent_cap", "ent_cand", "ent_pick", "ent_held"]


@dataclass(frozen=True)
class Qualifying:
    """What `qualifying_build` left behind: identification counts and the students the
    catalogue found with no amount, by program."""

    catalogue: Catalogue
    identified: dict[str, int]
    no_amount: dict[str, int]


def qualifying_build(*, term: str, catalogue: Catalogue | None = None) -> Qualifying:
    """Identify the term's students, then build the temporary table `ent_pick`: who qualifies
    for what under the rules in force today (person_id, program, enrolment_id, school_id,
    county_id, amount_fen, rule, held), and `ent_held` (people 在读 at two schools).
    Call inside a transaction; `qualifying_drop` removes the tables."""
    policy = catalogue or catalogue_for_term(term)
    facts = term_facts(term)
    qualifying_drop()
    identified = hardship_compute(
        term=term, year=facts.year, reference_date=facts.reference_date.isoformat()
    )
    no_amount = _candidates(term, policy)
    _pick(term, policy)
    return Qualifying(catalogue=policy, identified=identified, no_amount=no_amount)


def qualifying_drop() -> None:
    for table in _SCRATCH:
        bulk.execute(f"DROP TABLE IF EXISTS {table}")


def entitle(*, term: str, actor: str, catalogue: Catalogue | None = None) -> EntitleSummary:
    with transaction.atomic():
        found = qualifying_build(term=term, catalogue=catalogue)
        event = event_record(
            actor=actor,
            action="aid.entitle",
            subject=term,
            counts=found.identified,
            detail={"catalogue": found.catalogue.source, "no_amount": found.no_amount},
        )
        leaving = lists_losing_rows(term=term)
        changes = _merge(term, found.catalogue.source, event.pk)
        lists_changed(term=term, event_id=event.pk, action=event.action, at=event.at,
                      lists=leaving | lists_of_event(term=term, event_id=event.pk))  # fmt: skip
        summary = _summary(term, found.identified["students"])
        qualifying_drop()
    summary.changes = changes
    summary.no_amount = found.no_amount
    return summary


def _candidates(term: str, policy: Catalogue) -> dict[str, int]:
    fee_tables_create(term)
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_cand (person_id BIGINT, program VARCHAR(20),
            enrolment_id BIGINT, school_id VARCHAR(10), county_id VARCHAR(6), amount_fen BIGINT,
            rule VARCHAR(200), program_order INTEGER)
        """
    )
    for order, program in enumerate(policy.programs):
        who, who_params = condition_sql(program.who)
        (amount, amount_params), (label, label_params) = amount_sql(program, term)
        sql = _CANDIDATES.format(amount=amount, label=label, who=who)
        bulk.execute(sql, [program.code, *amount_params, *label_params, order, term, *who_params])
    rows = bulk.fetch_all(
        "SELECT program, COUNT(*) FROM ent_cand WHERE amount_fen IS NULL GROUP BY program"
    )
    bulk.execute("DELETE FROM ent_cand WHERE amount_fen IS NULL")
    bulk.analyze("ent_cand")
    return {str(program): int(n) for program, n in rows}


def _pick(term: str, policy: Catalogue) -> None:
    """One candidate per person and program (their first enrolment), programs that exclude
    each other resolved in catalogue order, and people 在读 at two schools marked held."""
    # One enrolment per term, school and person (a constraint), so two 在读 rows of one person
    # are two schools; COUNT(*) spares a per-person DISTINCT.
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_held AS
        SELECT person_id FROM registry_enrolment
        WHERE term_id = %s AND on_roster AND status = 'ENROLLED'
        GROUP BY person_id HAVING COUNT(*) > 1
        """,
        [term],
    )
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_pick AS
        SELECT person_id, program, enrolment_id, school_id, county_id, amount_fen, rule,
            program_order,
            CASE WHEN person_id IN (SELECT person_id FROM ent_held) THEN 1 ELSE 0 END AS held
        FROM (SELECT c.*, ROW_NUMBER() OVER (
                  PARTITION BY c.person_id, c.program ORDER BY c.enrolment_id) AS rn
              FROM ent_cand c) ranked
        WHERE rn = 1
        """
    )
    bulk.execute("CREATE INDEX ent_pick_person ON ent_pick (person_id, program)")
    bulk.analyze("ent_held", "ent_pick")
    for order, program in enumerate(policy.programs):
        for other in program.excludes:
            later = policy.program(other)
            if policy.programs.index(later) < order:
                continue  # the earlier program of the pair wins; handled from its side
            bulk.execute(
                """
                DELETE FROM ent_pick WHERE program = %s AND person_id IN (
                    SELECT person_id FROM ent_pick WHERE program = %s
                    UNION SELECT person_id FROM aid_entitlement
                    WHERE term_id = %s AND program = %s AND status = 'APPROVED')
                """,
                [other, program.code, term, program.code],
            )


def _merge(term: str, source: str, event_id: int) -> dict[str, int]:
    # SET and WHERE both read the row's values from before the update.
    old = "aid_entitlement"
    differs = (
        f"({old}.amount_fen <> p.amount_fen OR {old}.enrolment_id <> p.enrolment_id"
        f" OR {old}.rule <> p.rule OR {old}.catalogue <> %s"
        f" OR (p.held = 1 AND {old}.status <> 'HELD') OR (p.held = 0 AND {old}.status = 'HELD'))"
    )
    updated = bulk.execute(
        f"""
        UPDATE aid_entitlement SET
            enrolment_id = p.enrolment_id, school_id = p.school_id, county_id = p.county_id,
            amount_fen = p.amount_fen, rule = p.rule, catalogue = %s, event_id = %s,
            status = CASE
                WHEN aid_entitlement.status = 'EXCLUDED' THEN 'EXCLUDED'
                WHEN p.held = 1 THEN 'HELD'
                WHEN aid_entitlement.status = 'CONFIRMED'
                     AND aid_entitlement.amount_fen = p.amount_fen
                     AND aid_entitlement.enrolment_id = p.enrolment_id THEN 'CONFIRMED'
                ELSE 'DRAFT' END
        FROM ent_pick p
        WHERE aid_entitlement.term_id = %s
          AND p.person_id = aid_entitlement.person_id AND p.program = aid_entitlement.program
          AND aid_entitlement.status IN ('DRAFT', 'CONFIRMED', 'HELD', 'EXCLUDED')
          AND {differs}
        """,
        [source, event_id, term, source],
    )
    added = bulk.execute(
        """
        INSERT INTO aid_entitlement (term_id, person_id, program, enrolment_id, school_id,
            county_id, amount_fen, status, rule, catalogue, manual, evidence, exclusion_reason,
            event_id)
        SELECT %s, p.person_id, p.program, p.enrolment_id, p.school_id, p.county_id,
            p.amount_fen, CASE WHEN p.held = 1 THEN 'HELD' ELSE 'DRAFT' END, p.rule, %s,
            FALSE, '', '', %s
        FROM ent_pick p
        WHERE NOT EXISTS (SELECT 1 FROM aid_entitlement x WHERE x.term_id = %s
                          AND x.person_id = p.person_id AND x.program = p.program)
        ORDER BY p.program_order, p.person_id
        """,
        [term, source, event_id, term],
    )
    withdrawn = bulk.execute(
        """
        DELETE FROM aid_entitlement
        WHERE term_id = %s AND status IN ('DRAFT', 'CONFIRMED', 'HELD') AND NOT manual
          AND NOT EXISTS (SELECT 1 FROM ent_pick p WHERE p.person_id = aid_entitlement.person_id
                          AND p.program = aid_entitlement.program)
        """,
        [term],
    )
    # 补录 rows are held like the others when their student is 在读 at two schools.
    held_manual = bulk.execute(
        """
        UPDATE aid_entitlement SET status = 'HELD', event_id = %s
        WHERE term_id = %s AND manual AND status IN ('DRAFT', 'CONFIRMED')
          AND person_id IN (SELECT person_id FROM ent_held)
        """,
        [event_id, term],
    )
    return {"added": added, "updated": updated + held_manual, "withdrawn": withdrawn}


def _summary(term: str, students: int) -> EntitleSummary:
    rows = bulk.fetch_all(
        """
        SELECT program, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM aid_entitlement
        WHERE term_id = %s AND status IN ('DRAFT', 'CONFIRMED', 'APPROVED')
        GROUP BY program
        """,
        [term],
    )
    held = Entitlement.objects.filter(term_id=term, status="HELD").count()
    return EntitleSummary(
        term=term,
        students=students,
        hardship=hardship_level_counts(term=term),
        programs={str(p): ProgramTotal(int(n), int(a)) for p, n, a in rows},
        held=held,
    )

"""Who qualifies for what in a term, under one catalogue, as temporary tables.

`qualifying_build` identifies the term's students (hardship), then builds `ent_pick`: one row
per person and program (person_id, program, enrolment_id, school_id, county_id, amount_fen,
rule, program_order, held, capped, cap_reason) after exclusions and the yearly cap, and
`ent_held` (people 在读 at two schools). One statement per program builds the candidates;
everything after is set-based over the whole table. `entitle`, the what-if and the audit all
read these tables; `qualifying_drop` removes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from zizhu.aid._cap_sql import cap_apply
from zizhu.aid._rules_sql import amount_sql, condition_sql, fee_tables_create
from zizhu.aid._status_sql import APPROVED
from zizhu.aid.catalogue import Catalogue
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.hardship.services import hardship_compute
from zizhu.registry.published_sql import enrolled_in_term
from zizhu.registry.selectors import city_of, term_facts

_CANDIDATES = """
    INSERT INTO ent_cand (person_id, program, enrolment_id, school_id, county_id, amount_fen,
                          rule, program_order)
    SELECT e.person_id, %s, e.id, e.school_id, e.admin_county_id, {amount}, {label}, %s
    FROM registry_enrolment e
    JOIN registry_school s ON s.code = e.school_id
    LEFT JOIN hardship_studenthardship h ON h.term_id = e.term_id AND h.person_id = e.person_id
    LEFT JOIN ent_fee fee ON fee.school_id = e.school_id
    LEFT JOIN ent_cap cap ON cap.county_code = s.county_code
    WHERE {enrolled} AND {who} AND {scope}
"""

SCRATCH = ["ent_fee", "ent_cap", "ent_cand", "ent_pick", "ent_held", "ent_prior", "ent_run"]


@dataclass(frozen=True)
class Qualifying:
    """What `qualifying_build` left behind: identification counts and the students the
    catalogue found with no amount, by program."""

    catalogue: Catalogue
    identified: dict[str, int]
    no_amount: dict[str, int]


def qualifying_build(
    *, term: str, scope: Scope, catalogue: Catalogue, fresh: bool = False
) -> Qualifying:
    """Identify the term's students in scope, then build `ent_pick` and `ent_held`. `fresh`:
    as if nothing of the term were approved yet (the what-if). Call inside a transaction."""
    facts = term_facts(term)
    qualifying_drop()
    identified = hardship_compute(
        term=term, year=facts.year, reference_date=facts.reference_date.isoformat(), scope=scope
    )
    no_amount = picks_build(term=term, scope=scope, catalogue=catalogue, fresh=fresh)
    return Qualifying(catalogue=catalogue, identified=identified, no_amount=no_amount)


def picks_build(*, term: str, scope: Scope, catalogue: Catalogue, fresh: bool) -> dict[str, int]:
    """`ent_pick` and `ent_held` from the identification already made; the students found
    with no amount, by program."""
    for table in SCRATCH:
        bulk.execute(f"DROP TABLE IF EXISTS {table}")
    no_amount = _candidates(term, scope, catalogue)
    _pick(term, catalogue, fresh)
    if catalogue.yearly_cap_fen is not None:
        cap_apply(term=term, year=term_facts(term).year, cap_fen=catalogue.yearly_cap_fen)
    return no_amount


def qualifying_drop() -> None:
    for table in SCRATCH:
        bulk.execute(f"DROP TABLE IF EXISTS {table}")


def _candidates(term: str, scope: Scope, policy: Catalogue) -> dict[str, int]:
    fee_tables_create(term)
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_cand (person_id BIGINT, program VARCHAR(20),
            enrolment_id BIGINT, school_id VARCHAR(10), county_id VARCHAR(6), amount_fen BIGINT,
            rule VARCHAR(200), program_order INTEGER)
        """
    )
    city = city_of()
    in_scope, scope_params = scope.sql(county="e.admin_county_id", school="e.school_id")
    for order, program in enumerate(policy.programs):
        who, who_params = condition_sql(program.who, city=city.code if city else None)
        (amount, amount_params), (label, label_params) = amount_sql(program, term)
        sql = _CANDIDATES.format(
            amount=amount, label=label, enrolled=enrolled_in_term("e"), who=who, scope=in_scope
        )
        bulk.execute(
            sql,
            [program.code, *amount_params, *label_params, order, term, *who_params,
             *scope_params],
        )  # fmt: skip
    rows = bulk.fetch_all(
        "SELECT program, COUNT(*) FROM ent_cand WHERE amount_fen IS NULL GROUP BY program"
    )
    bulk.execute("DELETE FROM ent_cand WHERE amount_fen IS NULL")
    bulk.analyze("ent_cand")
    return {str(program): int(n) for program, n in rows}


def _pick(term: str, policy: Catalogue, fresh: bool) -> None:
    """One candidate per person and program (their first enrolment), programs that exclude
    each other resolved in catalogue order, and people 在读 at two schools marked held."""
    # One enrolment per term, school and person (a constraint), so two 在读 rows of one person
    # are two schools; COUNT(*) spares a per-person DISTINCT. Read over the whole city: a
    # county's student may be 在读 at a school of another county too.
    bulk.execute(
        f"""
        CREATE TEMPORARY TABLE ent_held AS
        SELECT e.person_id FROM registry_enrolment e
        WHERE {enrolled_in_term("e")}
        GROUP BY e.person_id HAVING COUNT(*) > 1
        """,
        [term],
    )
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_pick AS
        SELECT person_id, program, enrolment_id, school_id, county_id, amount_fen, rule,
            program_order,
            CASE WHEN person_id IN (SELECT person_id FROM ent_held) THEN 1 ELSE 0 END AS held,
            0 AS capped, CAST('' AS VARCHAR(200)) AS cap_reason
        FROM (SELECT c.*, ROW_NUMBER() OVER (
                  PARTITION BY c.person_id, c.program ORDER BY c.enrolment_id) AS rn
              FROM ent_cand c) ranked
        WHERE rn = 1
        """
    )
    bulk.execute("CREATE INDEX ent_pick_person ON ent_pick (person_id, program)")
    bulk.analyze("ent_held", "ent_pick")
    # Exclusions apply before the yearly cap: of two programs that exclude each other the
    # earlier in the catalogue is kept, and (unless fresh) so is an approved entitlement of it.
    for earlier, later in policy.exclusive_pairs():
        approved = (
            ""
            if fresh
            else f"""UNION SELECT person_id FROM aid_entitlement
                    WHERE term_id = %s AND program = %s AND status = {APPROVED}"""
        )
        bulk.execute(
            f"""
            DELETE FROM ent_pick WHERE program = %s AND person_id IN (
                SELECT person_id FROM ent_pick WHERE program = %s {approved})
            """,
            [later.code, earlier.code, *([] if fresh else [term, earlier.code])],
        )


def scope_for_entitle(scope: Scope) -> None:
    """Lists are worked out for the whole city or for one county, never a school's alone."""
    if scope.level not in ("CITY", "COUNTY"):
        raise Refused(Code.ROLE_FORBIDDEN, "只有市、县区可以计算名单")

"""Compiling catalogue rules to SQL over one term's enrolments.

The compiled SQL reads these aliases: `e` (registry_enrolment), `s` (registry_school), `h`
(hardship_studenthardship, left-joined: NULL means not in hardship), `fee` and `cap` (the
term's school fees and county caps, see ent_fee/ent_cap in _entitle.py). Values are always
bound parameters, never pasted into the text.
"""

from __future__ import annotations

from typing import Any

from zizhu.aid.catalogue import AmountRule, Condition, Program
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.registry.constants import Ownership, Stage

Sql = tuple[str, list[Any]]


def _in(column: str, values: tuple[Any, ...]) -> Sql:
    marks = ", ".join(["%s"] * len(values))
    return f"{column} IN ({marks})", list(values)


def condition_sql(cond: Condition, *, city: str | None) -> Sql:
    """`city`: the loaded city's code, for `local_hukou` (None before any is loaded)."""
    parts: list[Sql] = []
    if cond.stages:
        parts.append(_in("e.stage", cond.stages))
    if cond.grades:
        parts.append(_in("e.grade", cond.grades))
    if cond.boarding is not None:
        parts.append(("e.boarding = %s", [cond.boarding]))
    if cond.rural_hukou is not None:
        # 户口性质 left empty is not 农业 (policy-2019.md).
        parts.append(("COALESCE(e.hukou_rural, FALSE) = %s", [cond.rural_hukou]))
    if cond.hukou_prefix:
        ors = " OR ".join(["e.hukou_code LIKE %s"] * len(cond.hukou_prefix))
        parts.append((f"({ors})", [f"{p}%" for p in cond.hukou_prefix]))
    if cond.local_hukou is not None:
        if city is None:
            raise Refused(
                Code.REGION_MISSING,
                "政策目录用到“户籍在本市”，但系统中还没有行政区划：请先用 zizhu region load 载入",
            )
        # The city's counties share its code's first four digits (GB/T 2260).
        local = "e.hukou_code LIKE %s"
        parts.append((local if cond.local_hukou else f"NOT ({local})", [f"{city[:4]}%"]))
    if cond.categories:
        inner, params = _in("c.category", cond.categories)
        parts.append(
            (
                "EXISTS (SELECT 1 FROM hardship_studentcategory c WHERE c.term_id = e.term_id"
                f" AND c.person_id = e.person_id AND {inner})",
                params,
            )
        )
    if cond.hardship:
        parts.append(_in("h.level", cond.hardship))
    if cond.agri_major is not None:
        parts.append(("e.agri_major = %s", [cond.agri_major]))
    if cond.any_of:
        branches = [condition_sql(c, city=city) for c in cond.any_of]
        parts.append(
            (
                "(" + " OR ".join(f"({sql})" for sql, _ in branches) + ")",
                [p for _, params in branches for p in params],
            )
        )
    if not parts:
        return "TRUE", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]


def _rule_filter(rule: AmountRule, term: str) -> Sql | None:
    """The filter of one amount rule; None when the rule does not apply to the term."""
    if rule.terms and term not in rule.terms:
        return None
    parts: list[Sql] = []
    if rule.stages:
        parts.append(_in("e.stage", rule.stages))
    if rule.grades:
        parts.append(_in("e.grade", rule.grades))
    if rule.levels:
        parts.append(_in("h.level", rule.levels))
    if not parts:
        return "TRUE", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]


def _rule_amount(rule: AmountRule) -> Sql:
    if not rule.school_fee:
        return "%s", [rule.amount_fen]
    if rule.private_cap == "county_public_max":
        return (
            f"CASE WHEN s.ownership = '{Ownership.PRIVATE}' AND cap.fee_fen IS NOT NULL"
            " AND fee.fee_fen > cap.fee_fen THEN cap.fee_fen ELSE fee.fee_fen END",
            [],
        )
    return "fee.fee_fen", []


def amount_sql(program: Program, term: str) -> tuple[Sql, Sql]:
    """CASE expressions for the amount (fen) and the label of the first matching rule;
    NULL where none matches (the caller reports such students)."""
    amount_sql_parts, amount_params = [], []
    label_sql_parts, label_params = [], []
    for rule in program.amounts:
        applies = _rule_filter(rule, term)
        if applies is None:
            continue
        cond, cond_params = applies
        value, value_params = _rule_amount(rule)
        amount_sql_parts.append(f"WHEN {cond} THEN {value}")
        amount_params += cond_params + value_params
        label_sql_parts.append(f"WHEN {cond} THEN %s")
        label_params += [*cond_params, rule.label]
    if not amount_sql_parts:
        return ("NULL", []), ("NULL", [])
    return (
        (f"CASE {' '.join(amount_sql_parts)} END", amount_params),
        (f"CASE {' '.join(label_sql_parts)} END", label_params),
    )


# A school's fee for the term: the row from the latest start term up to it, else the one
# for every term; and per county the highest 公办 普通高中 fee (the cap for 民办 schools).
_FEES = """
    CREATE TEMPORARY TABLE ent_fee AS
    SELECT f.school_id, f.fee_fen FROM registry_schoolfee f
    WHERE (f.from_term_id = (SELECT MAX(g.from_term_id) FROM registry_schoolfee g
                             WHERE g.school_id = f.school_id AND g.from_term_id <= %s))
       OR (f.from_term_id IS NULL AND NOT EXISTS (
             SELECT 1 FROM registry_schoolfee g
             WHERE g.school_id = f.school_id AND g.from_term_id <= %s))
"""
_CAPS = f"""
    CREATE TEMPORARY TABLE ent_cap AS
    SELECT s.county_code, MAX(fee.fee_fen) AS fee_fen
    FROM registry_school s JOIN ent_fee fee ON fee.school_id = s.code
    WHERE s.ownership = '{Ownership.PUBLIC}' AND s.stages LIKE '%%{Stage.SENIOR}%%'
    GROUP BY s.county_code
"""


def fee_tables_create(term: str) -> None:
    """ent_fee and ent_cap for the term, as the amount SQL expects (dropped by the caller)."""
    bulk.execute("DROP TABLE IF EXISTS ent_fee")
    bulk.execute("DROP TABLE IF EXISTS ent_cap")
    bulk.execute(_FEES, [term, term])
    bulk.execute("CREATE INDEX ent_fee_school ON ent_fee (school_id)")
    bulk.execute(_CAPS)
    bulk.analyze("ent_fee", "ent_cap")

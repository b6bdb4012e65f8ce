"""The schema's Citus mapping (docs/scaling.md), held as a rule (issue 15 item 4).

Every table is classified (tests/architecture/distribution.py), its key or parent is a real
column, and every statement in src/zizhu either stays on the nodes of its county (a filter on
its key, or joins that equate the keys) or is listed, with why, in
tests/architecture/shard_exemptions.py. The checker itself is tested on small statements that
must pass and must fail.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.architecture.distribution import (
    TABLES,
    ByParent,
    Distributed,
    Reference,
    Unkeyed,
)
from tests.architecture.shard_exemptions import EXEMPT
from tests.architecture.shard_rule import breaches, place, resolved
from tests.architecture.sql_scan import all_sql


def _columns() -> dict[str, set[str]]:
    return {
        m._meta.db_table: {f.column for f in m._meta.concrete_fields if f.column}
        for m in apps.get_models(include_auto_created=True)
    }


def test_every_table_is_classified() -> None:
    tables = set(_columns())
    assert sorted(tables - set(TABLES)) == [], "classify the new table in distribution.py"
    assert sorted(set(TABLES) - tables) == [], "a classified table the schema no longer has"


def test_keys_and_parents_are_real_columns() -> None:
    columns = _columns()
    for table, kind in TABLES.items():
        if isinstance(kind, Distributed):
            assert kind.key in columns[table], table
        if isinstance(kind, ByParent):
            assert kind.fk in columns[table], table
            assert kind.parent_pk in columns[kind.parent], table
            assert isinstance(TABLES[kind.parent], Distributed | ByParent), table
        if isinstance(kind, Unkeyed):
            # A table with a county column of its own must say it is distributed on it.
            assert not {"county_id", "county", "admin_county_id"} & columns[table], table


def _found() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for sql in all_sql():
        for breach in breaches(resolved(sql)):
            found.setdefault((place(sql), breach.kind), []).append(f"{sql.where}: {breach.detail}")
    return found


def test_statements_stay_on_their_counties_nodes() -> None:
    unexplained = {key: where for key, where in _found().items() if key not in EXEMPT}
    assert unexplained == {}, "co-locate the statement, or list it in shard_exemptions.py"


def test_every_exemption_is_still_needed() -> None:
    assert sorted(set(EXEMPT) - set(_found())) == []


def test_the_checker_reads_the_real_code() -> None:
    """Scope filters and strings assigned in the function are read through placeholders."""
    texts = {sql.where: resolved(sql) for sql in all_sql()}
    qualify = next(t for w, t in texts.items() if w.startswith("zizhu/aid/_qualify.py:26"))
    assert "e.admin_county_id = %s" in qualify  # `{scope}`, from scope.sql(county=...)
    merge = [t for w, t in texts.items() if w.startswith("zizhu/aid/_entitle.py")]
    assert any("aid_entitlement.county_id = %s" in t for t in merge)  # `{own}`


# The checker on small statements -------------------------------------------------------------

PASS = [
    # filtered on its key, one way or the other
    "SELECT 1 FROM aid_entitlement a WHERE a.term_id = %s AND a.county_id = %s",
    "SELECT 1 FROM aid_entitlement WHERE county_id IN (%s, %s)",
    "SELECT 1 FROM audit_finding f WHERE %s = f.county",
    "SELECT 1 FROM registry_enrolment e WHERE e.admin_county_id = ANY(%s)",
    # co-located joins, filtered or not
    "SELECT 1 FROM aid_entitlement a JOIN registry_enrolment e"
    " ON e.id = a.enrolment_id AND e.admin_county_id = a.county_id WHERE a.county_id = %s",
    "SELECT a.county_id, COUNT(*) FROM aid_entitlement a JOIN aid_approval ap"
    " ON ap.id = a.approval_id AND ap.county_id = a.county_id GROUP BY a.county_id",
    # a child with its parent, which carries the key
    "SELECT 1 FROM payments_payment p JOIN payments_paymentbatch b ON b.id = p.batch_id"
    " WHERE b.county_id = %s",
    "SELECT 1 FROM hardship_studentcategory c JOIN sources_sourcerecord r"
    " ON r.id = c.source_record_id JOIN sources_sourcelist l ON l.id = r.source_list_id"
    " WHERE l.county_id = %s",
    # reference and staging tables join freely
    "SELECT 1 FROM registry_enrolment e JOIN registry_school s ON s.code = e.school_id"
    " JOIN stage_enrol x ON x.id = e.id WHERE e.admin_county_id = %s",
    # a fragment correlated with its enclosing statement's key
    "EXISTS (SELECT 1 FROM aid_approval ap WHERE ap.county_id = a.county_id)",
    # the arms of a UNION, each filtered
    "SELECT id FROM aid_entitlement a WHERE a.county_id = %s"
    " UNION SELECT id FROM aid_entitlement b WHERE b.county_id = %s",
    # inserts that give the key (or the parent)
    "INSERT INTO aid_entitlement (term_id, county_id) SELECT %s, county_id FROM ent_pick",
    "INSERT INTO payments_payment (batch_id, seq) VALUES (%s, %s)",
    "INSERT INTO registry_person (id_number, name) SELECT id_number, name FROM stage_people",
    # no distributed table at all; a string is not a table
    "SELECT code FROM registry_school WHERE name = 'FROM aid_entitlement a'",
]

FAIL = [
    ("fan-out", "SELECT 1 FROM aid_entitlement a WHERE a.term_id = %s"),
    ("fan-out", "DELETE FROM payments_payment WHERE batch_id = %s"),
    ("fan-out", "UPDATE registry_enrolment SET on_roster = FALSE WHERE id IN (SELECT id FROM x)"),
    # a join on ids, not keys
    (
        "repartition",
        "SELECT 1 FROM aid_entitlement a JOIN registry_enrolment e ON e.id = a.enrolment_id"
        " WHERE a.county_id = %s",
    ),
    # keys of different groups
    (
        "repartition",
        "SELECT 1 FROM aid_entitlement a JOIN registry_person p ON p.id = a.person_id"
        " WHERE a.county_id = %s",
    ),
    # a key equated with a non-key column
    (
        "repartition",
        "SELECT 1 FROM aid_entitlement a JOIN aid_approval ap ON ap.county_id = a.school_id"
        " WHERE ap.county_id = %s",
    ),
    # a child joined to a table that is not its parent
    (
        "repartition",
        "SELECT 1 FROM payments_payment p JOIN aid_entitlement a ON a.id = p.entitlement_id"
        " WHERE a.county_id = %s",
    ),
    # a table with no key yet
    ("fan-out", "SELECT 1 FROM hardship_studenthardship h WHERE h.term_id = %s"),
    ("unkeyed insert", "INSERT INTO hardship_studenthardship (term_id, person_id) VALUES (1, 2)"),
    ("unkeyed insert", "INSERT INTO registry_enrolment (term_id, person_id) SELECT 1, 2"),
    ("unkeyed insert", "INSERT INTO payments_payment (seq) VALUES (%s)"),
    # an alias's filter does not cover another use of the table
    (
        "repartition",
        "SELECT 1 FROM aid_entitlement a WHERE a.county_id = %s"
        " AND EXISTS (SELECT 1 FROM aid_entitlement b WHERE b.person_id = a.person_id)",
    ),
]


@pytest.mark.parametrize("text", PASS)
def test_the_checker_passes(text: str) -> None:
    assert breaches(text) == []


@pytest.mark.parametrize(("kind", "text"), FAIL)
def test_the_checker_fails(kind: str, text: str) -> None:
    assert kind in [b.kind for b in breaches(text)]


def test_the_mapping_names_what_the_document_promises() -> None:
    assert TABLES["registry_enrolment"] == Distributed("admin_county_id")
    assert TABLES["payments_payment"] == ByParent("batch_id", "payments_paymentbatch")
    assert isinstance(TABLES["registry_school"], Reference)

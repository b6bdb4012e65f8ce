"""SQL keeps to its rooms (issue 13 item 4).

Every piece of SQL in src/zizhu (tests/architecture/sql_scan.py finds it) is checked against
the areas' layers, read from pyproject.toml's import-linter contract:

- an area writes only its own tables (Django's `<app_label>_<model>`) and its own temporary
  tables;
- it reads its own tables, and of an area *below* it only the tables that area lists in its
  `published_sql.PUBLISHED_TABLES`; conditions on them (在读 in the term, approved, paid, ...)
  are the owner's fragments, interpolated, so that their text lives in the owner;
- it never reads another area's temporary table, nor a table of an area above it or beside it;
- a value of a `TextChoices` vocabulary is never typed as a literal inside SQL: it is
  interpolated from the constant or bound as a parameter, so a renamed value cannot silently
  break a query;
- no SQL is rewritten with `str.replace`.

Migrations are not scanned: they are frozen history and must not follow later renames.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.db import models

from tests.architecture.sql_scan import (
    SRC,
    Sql,
    all_sql,
    area_of,
    source_files,
    staging_tables_in,
)

PYPROJECT = SRC.parents[1] / "pyproject.toml"

# Benchmark scaffolding that makes data a real user would make through another area's door.
# Each exemption names the area, the table and why.
EXEMPT_WRITES = {
    # bench/payments.py `_correct_failed_accounts`: what the schools' roster re-imports would
    # do for the failed payees, as one statement; the bench measures payments, not imports.
    ("bench", "registry_enrolment"),
}


def _layers() -> dict[str, int]:
    """Area -> its height (0 the lowest); areas at one height (`loans | sources`) are
    independent of each other."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    heights = {}
    for height, layer in enumerate(reversed(layers)):
        for area in layer.split("|"):
            heights[area.strip()] = height
    return heights


HEIGHTS = _layers()


def _django_tables() -> dict[str, str]:
    """Every model's table -> the area it belongs to (framework tables are nobody's)."""
    owners = {}
    for model in apps.get_models(include_auto_created=True):
        module = model.__module__.split(".")
        if module[0] == "zizhu":
            owners[model._meta.db_table] = module[1]
    return owners


def _temporary_tables() -> dict[str, set[str]]:
    """Temporary table -> the areas that create it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for sql in all_sql():
        for name in sql.temps_created():
            owners[name].add(sql.area)
    for path in source_files():
        for name in staging_tables_in(path):
            owners[name].add(area_of(path))
    return owners


def _published() -> dict[str, frozenset[str]]:
    published = {}
    for area in HEIGHTS:
        if (SRC / area / "published_sql.py").exists():
            module = importlib.import_module(f"zizhu.{area}.published_sql")
            published[area] = frozenset(module.PUBLISHED_TABLES)
    return published


def room_violations(pieces: list[Sql]) -> list[str]:
    tables = _django_tables()
    temps = _temporary_tables()
    published = _published()
    found = []
    for sql in pieces:
        for name in sql.writes() | sql.reads():
            if name not in tables and name not in temps:
                found.append(f"{sql.where}: {name} is neither a model's table nor a temporary one")
        for name in sql.writes():
            owner = tables.get(name)
            if owner is not None and owner != sql.area and (sql.area, name) not in EXEMPT_WRITES:
                found.append(f"{sql.where}: {sql.area} writes {owner}'s table {name}")
            if name in temps and sql.area not in temps[name]:
                found.append(f"{sql.where}: {sql.area} writes the temporary table {name}")
        for name in sql.reads():
            if name in temps and sql.area not in temps[name]:
                found.append(
                    f"{sql.where}: {sql.area} reads {sorted(temps[name])}'s temporary table"
                    f" {name}: read what that area publishes instead"
                )
            owner = tables.get(name)
            if owner is None or owner == sql.area:
                continue
            if HEIGHTS[owner] >= HEIGHTS.get(sql.area, len(HEIGHTS)):
                found.append(f"{sql.where}: {sql.area} reads {name} of {owner}, not below it")
            elif name not in published.get(owner, ()):
                found.append(
                    f"{sql.where}: {sql.area} reads {name}, which {owner} does not publish"
                )
    return found


def test_every_area_keeps_to_its_rooms() -> None:
    assert room_violations(all_sql()) == []


def test_temporary_tables_have_one_owner() -> None:
    shared = {name: areas for name, areas in _temporary_tables().items() if len(areas) > 1}
    assert shared == {}


def test_published_tables_are_the_areas_own() -> None:
    tables = _django_tables()
    for area, names in _published().items():
        assert {tables.get(name) for name in names} == {area}, area


def _vocabulary() -> set[str]:
    """Every value of every TextChoices in zizhu that could be mistaken for a word of SQL."""
    values = set()
    for path in source_files():
        if path.name != "constants.py":
            continue
        module = importlib.import_module(
            "zizhu." + ".".join(path.relative_to(SRC).with_suffix("").parts)
        )
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, models.TextChoices):
                values.update(str(v) for v in thing.values if re.fullmatch(r"[A-Z][A-Z_]+", v))
    return values


def test_vocabulary_values_are_not_typed_into_sql() -> None:
    vocabulary = _vocabulary()
    assert {"APPROVED", "ENROLLED", "SUCCEEDED", "OPEN"} <= vocabulary
    typed = [
        f"{sql.where}: '{word}'" for sql in all_sql() for word in sql.quoted() if word in vocabulary
    ]
    assert typed == []


def test_no_sql_is_rewritten_with_str_replace() -> None:
    """`x.replace(...)` where x holds SQL, or is called on an f-string or a literal of SQL."""
    found = []
    sql_lines = {(s.path, s.line) for s in all_sql()}
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "replace"
            ):
                target = node.func.value
                if (path, target.lineno) in sql_lines or _names_sql(target, path, sql_lines, tree):
                    found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    assert found == []


def _names_sql(target: ast.expr, path: Path, sql_lines: set, tree: ast.Module) -> bool:
    """The target is a name assigned an SQL string in the same module."""
    if not isinstance(target, ast.Name):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == target.id for t in node.targets
        ):
            if (path, node.value.lineno) in sql_lines:
                return True
            if isinstance(node.value, ast.Constant | ast.JoinedStr) and re.search(
                r"\b(SELECT|FROM|WHERE|EXISTS|JOIN)\b", ast.unparse(node.value)
            ):
                return True
    return False


def _planted(area: str, text: str) -> list[str]:
    return room_violations([Sql(SRC / area / "planted.py", 1, area, text)])


def test_the_scanner_sees_the_sql_it_must() -> None:
    pieces = all_sql()
    assert len(pieces) > 200
    writes = {name for sql in pieces if sql.area == "audit" for name in sql.writes()}
    assert {"audit_finding", "audit_findingnote", "au_found"} <= writes
    reads = {name for sql in pieces if sql.area == "payments" for name in sql.reads()}
    assert {"aid_entitlement", "registry_enrolment", "pay_cand"} <= reads


def test_planted_violations_are_caught() -> None:
    """Each rule fails on a statement that breaks it (and only the statement's own area is
    blamed)."""
    assert _planted("audit", "UPDATE aid_entitlement SET amount_fen = 0 WHERE id = %s")
    assert _planted("audit", "DELETE FROM registry_person WHERE id = %s")
    assert _planted("audit", "SELECT 1 FROM ent_pick p WHERE p.person_id = %s")  # aid's temp
    assert _planted("aid", "SELECT 1 FROM audit_finding f WHERE f.id = %s")  # a higher area
    assert _planted("loans", "SELECT 1 FROM sources_hardshipassessment a")  # beside it
    assert _planted("audit", "SELECT 1 FROM aid_entitlementevidence v")  # not published
    assert _planted("audit", "SELECT 1 FROM mystery_table m")  # nobody's
    assert not _planted("audit", "SELECT 1 FROM aid_entitlement a JOIN au_found f ON true")
    assert not _planted("aid", "INSERT INTO aid_entitlement (id) SELECT id FROM ent_pick")

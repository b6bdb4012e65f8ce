"""Foreign keys checked once per statement on PostgreSQL, for the tables bulk steps write by
the hundred thousand rows.

PostgreSQL checks a declared foreign key with one trigger call per row written, and each call
locks the parent row (`FOR KEY SHARE`, a write to the parent's page): about 6 µs a key and a
row. At a city's scale that was 55% of the roster's enrolment insert and most of entitle's
11.7 s COMMIT (BENCHMARKS.md). For the keys a migration hands to `StatementKeys`, the declared
constraint is dropped and the same rule is kept by triggers that look at a whole statement's
rows at once:

- on the table, after each INSERT statement, one anti-join per key of the rows inserted (a
  transition table) against the parent; after each UPDATE statement, one join of the rows
  before and after, probing the parent only for a key that changed;
- on the parent, after each DELETE statement, one semi-join of the rows deleted against the
  table, and a key changed on a parent row is refused while the table refers to it. Either
  first takes a SHARE lock on the table: a writer of the table still in flight is waited for,
  and one that starts later waits for this transaction, so a parent row can never vanish
  under a new row (what the row lock did).

A broken key raises SQLSTATE 23503 (foreign_key_violation), which Django turns into an
IntegrityError as before. The checks run when the statement ends, not at COMMIT (the keys
were DEFERRABLE INITIALLY DEFERRED): a parent must be written before the rows that refer to
it, which every writer here does. Django's own PROTECT still refuses a delete in Python first.

SQLite keeps its declared keys (each is a cheap index probe there, and the model state stays
as Django wrote it). On PostgreSQL the model still says db_constraint=True: a later migration
that alters one of these columns must drop the triggers first (`StatementKeys` reversed) and
make them again after; tests/integrity/test_statement_keys.py fails while any of them is
missing or a declared constraint is back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import migrations

PREFIX = "zz_key"


@dataclass(frozen=True)
class Key:
    column: str
    parent: str
    parent_column: str = "id"


def _violation(message: str) -> str:
    text = message.replace("'", "''")
    return f"RAISE EXCEPTION '{text}' USING ERRCODE = 'foreign_key_violation';"


def _missing(key: Key, row: str) -> str:
    return (
        f'{row}."{key.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{key.parent}" p '
        f'WHERE p."{key.parent_column}" = {row}."{key.column}")'
    )


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $zz$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND\n$zz$"
    )


def create_sql(table: str, keys: list[Key]) -> list[str]:
    """The statements that drop the table's declared keys and check them per statement."""
    statements = [_drop_declared(table, key) for key in keys]
    inserted = "\n".join(
        f"IF EXISTS (SELECT 1 FROM zz_new n WHERE {_missing(key, 'n')}) THEN "
        + _violation(
            f'insert on table "{table}" violates foreign key {key.column} '
            f'(no such row in "{key.parent}")'
        )
        + " END IF;"
        for key in keys
    )
    statements += [
        _function(f"{PREFIX}_{table}_ins", inserted),
        f'CREATE TRIGGER {PREFIX}_ins AFTER INSERT ON "{table}" REFERENCING NEW TABLE AS '
        f"zz_new FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_{table}_ins()",
        update_check_sql(table, keys),
        f'CREATE TRIGGER {PREFIX}_upd AFTER UPDATE ON "{table}" REFERENCING OLD TABLE AS '
        f"zz_old NEW TABLE AS zz_new FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_{table}_upd()",
    ]
    for key in keys:
        statements += _held_sql(table, key)
    return statements


def update_check_sql(table: str, keys: list[Key]) -> str:
    """The function the UPDATE trigger runs: a parent is looked up only for a row whose key
    changed. Each probe sits in a CASE so that it stays a join filter after the key's
    comparison: written as `changed AND missing`, PostgreSQL pushed the `missing` half down to
    the new rows alone and hashed every parent table whole, for every row, on every UPDATE
    (130 ms of each bank answer's 150 ms, the whole entitlement table read to check keys no
    row had changed)."""
    changed = " OR ".join(
        f'CASE WHEN n."{key.column}" IS DISTINCT FROM o."{key.column}" '
        f"THEN {_missing(key, 'n')} ELSE FALSE END"
        for key in keys
    )
    updated = (
        f"IF EXISTS (SELECT 1 FROM zz_new n JOIN zz_old o ON o.id = n.id WHERE {changed}) THEN "
        + _violation(f'update on table "{table}" violates a foreign key') + " END IF;"
    )  # fmt: skip
    return _function(f"{PREFIX}_{table}_upd", updated)


def _held_sql(table: str, key: Key) -> list[str]:
    """The parent's side: no row the table refers to is deleted or given another key."""
    name = f"{PREFIX}_{table}_{key.column}"
    refused = _violation(
        f'update or delete on table "{key.parent}" violates foreign key {key.column} '
        f'of table "{table}"'
    )
    lock = f'LOCK TABLE "{table}" IN SHARE MODE;'
    deleted = (
        "IF NOT EXISTS (SELECT 1 FROM zz_old) THEN RETURN NULL; END IF;\n" + lock + "\n"
        f'IF EXISTS (SELECT 1 FROM zz_old o WHERE EXISTS (SELECT 1 FROM "{table}" x '
        f'WHERE x."{key.column}" = o."{key.parent_column}")) THEN {refused} END IF;'
    )
    rekeyed = (
        f'{lock}\nIF EXISTS (SELECT 1 FROM "{table}" x WHERE x."{key.column}" = '
        f'OLD."{key.parent_column}") THEN {refused} END IF;'
    )
    return [
        _function(f"{name}_del", deleted),
        f'CREATE TRIGGER {name}_del AFTER DELETE ON "{key.parent}" REFERENCING OLD TABLE AS '
        f"zz_old FOR EACH STATEMENT EXECUTE FUNCTION {name}_del()",
        _function(f"{name}_rekey", rekeyed),
        f'CREATE TRIGGER {name}_rekey AFTER UPDATE OF "{key.parent_column}" ON "{key.parent}" '
        f'FOR EACH ROW WHEN (OLD."{key.parent_column}" IS DISTINCT FROM '
        f'NEW."{key.parent_column}") EXECUTE FUNCTION {name}_rekey()',
    ]


def _drop_declared(table: str, key: Key) -> str:
    """Drop the declared constraint on the column, whatever Django named it."""
    return f"""
    DO $zz$ DECLARE name text; BEGIN
      FOR name IN SELECT c.conname FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
          WHERE c.contype = 'f' AND c.conrelid = '"{table}"'::regclass
            AND a.attname = '{key.column}'
      LOOP EXECUTE format('ALTER TABLE "{table}" DROP CONSTRAINT %I', name); END LOOP;
    END $zz$"""


def drop_sql(table: str, keys: list[Key]) -> list[str]:
    """The reverse: the triggers gone and the declared keys back, as Django declares them."""
    statements = [
        f'DROP TRIGGER IF EXISTS {PREFIX}_ins ON "{table}"',
        f'DROP TRIGGER IF EXISTS {PREFIX}_upd ON "{table}"',
        f"DROP FUNCTION IF EXISTS {PREFIX}_{table}_ins()",
        f"DROP FUNCTION IF EXISTS {PREFIX}_{table}_upd()",
    ]
    for key in keys:
        name = f"{PREFIX}_{table}_{key.column}"
        statements += [
            f'DROP TRIGGER IF EXISTS {name}_del ON "{key.parent}"',
            f'DROP TRIGGER IF EXISTS {name}_rekey ON "{key.parent}"',
            f"DROP FUNCTION IF EXISTS {name}_del()",
            f"DROP FUNCTION IF EXISTS {name}_rekey()",
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_{key.column}_fk" FOREIGN KEY '
            f'("{key.column}") REFERENCES "{key.parent}" ("{key.parent_column}") '
            "DEFERRABLE INITIALLY DEFERRED",
        ]
    return statements


class _TableKeys(migrations.operations.base.Operation):
    """A migration step about `table`'s `keys`, on PostgreSQL only; the model state keeps its
    keys (only how PostgreSQL checks them changes)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, keys: list[Key]) -> None:
        self.table, self.keys = table, keys

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.table, self.keys], {}

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:  # fmt: skip
        if schema_editor.connection.vendor == "postgresql":
            for statement in self.forwards_sql():
                schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any,
                           to_state: Any) -> None:  # fmt: skip
        if schema_editor.connection.vendor == "postgresql":
            for statement in self.backwards_sql():
                schema_editor.execute(statement, params=None)

    def forwards_sql(self) -> list[str]:
        raise NotImplementedError

    def backwards_sql(self) -> list[str]:
        raise NotImplementedError


class StatementKeys(_TableKeys):
    """A migration step: `table`'s `keys` checked per statement on PostgreSQL (nothing on
    other databases). Reversible."""

    def forwards_sql(self) -> list[str]:
        return create_sql(self.table, self.keys)

    def backwards_sql(self) -> list[str]:
        return drop_sql(self.table, self.keys)

    def describe(self) -> str:
        return f"Check the foreign keys of {self.table} once per statement (PostgreSQL)"


class StatementKeysUpdateCheck(_TableKeys):
    """A migration step: the UPDATE check of `table` (made by StatementKeys with these `keys`)
    replaced by the one `update_check_sql` writes now. Going back keeps the new one: both
    keep the same rule."""

    def forwards_sql(self) -> list[str]:
        return [update_check_sql(self.table, self.keys)]

    def backwards_sql(self) -> list[str]:
        return []

    def describe(self) -> str:
        return f"Look up the parents of {self.table} only for keys an UPDATE changed (PostgreSQL)"

"""The database's own bulk paths: executemany on SQLite, COPY on PostgreSQL.

Django's bulk_create builds model instances and is an order of magnitude slower at a city's
scale; staging tables plus set-based INSERT ... SELECT are what the importers use instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def vendor() -> str:
    return connection.vendor


def staging_create(name: str, columns: Sequence[tuple[str, str]]) -> None:
    """Create (or empty) a temporary staging table; types are portable SQL type names."""
    cols = ", ".join(f"{col} {typ}" for col, typ in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({cols})")


def rows_load(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Load rows into a table as fast as the database allows."""
    collist = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({collist}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # The sqlite3 cursor itself: no per-row placeholder rewriting or debug wrapping.
            marks = ", ".join(["?"] * len(columns))
            cursor.cursor.executemany(f"INSERT INTO {table} ({collist}) VALUES ({marks})", rows)


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run one statement; return the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def fetch_all(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def analyze(*tables: str) -> None:
    """Fresh planner statistics for tables a step has just filled, before the statements that
    read them. PostgreSQL never analyses temporary tables by itself, and its autovacuum sees
    neither what this transaction wrote nor, often, the last import: with statistics of an
    empty table the planner chose a nested loop that took minutes instead of seconds. Inside a
    transaction ANALYZE counts the transaction's own rows. SQLite plans well without."""
    if connection.vendor == "postgresql":
        for table in tables:
            execute(f"ANALYZE {table}")


def constraints_immediate() -> None:
    """Check foreign keys at the end of each statement of this transaction, not at its commit.
    Django declares PostgreSQL's foreign keys DEFERRABLE INITIALLY DEFERRED, so a bulk insert
    queued one check per row and key (1.6 million for one county's roster) and ran them all in
    COMMIT: about 7% slower than checking each statement's rows as it ends, the queue held in
    the server's memory, and a broken key reported at commit instead of at the statement that
    made it. Call it first thing inside the bulk step's transaction. SQLite has no such
    statement and keeps checking its (deferred) keys at commit."""
    if connection.vendor == "postgresql":
        execute("SET CONSTRAINTS ALL IMMEDIATE")


def group_concat(expr: str, order_by: str, separator: str = "、") -> str:
    """An aggregate joining text in a fixed order, for SQLite and PostgreSQL alike."""
    if connection.vendor == "postgresql":
        return f"string_agg(CAST({expr} AS TEXT), '{separator}' ORDER BY {order_by})"
    # SQLite 3.40 has no ORDER BY inside aggregates: callers feed it an ordered subquery.
    return f"group_concat({expr}, '{separator}')"


def yuan_text(expr: str) -> str:
    """An integer amount in fen as yuan text with 2 decimals ('1500.00') inside SQL.
    Percent signs are doubled: every statement here goes through parameter substitution."""
    if connection.vendor == "postgresql":
        return f"(({expr}) / 100)::text || '.' || lpad((({expr}) %% 100)::text, 2, '0')"
    return f"printf('%%d.%%02d', ({expr}) / 100, ({expr}) %% 100)"


def sql_list(*values: str) -> str:
    """A list of a vocabulary's values for SQL's `IN (...)`: `'DRAFT', 'HELD'`. The values
    are the code's own constants (TextChoices), never input; input is bound as parameters."""
    if not values or any("'" in value for value in values):
        raise ValueError("a list of constants without quotes")
    return ", ".join(f"'{value}'" for value in values)

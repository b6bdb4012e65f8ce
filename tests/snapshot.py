"""Every row of the project's tables, to assert that a refused or dry-run step changed
nothing (its events included)."""

from __future__ import annotations

from typing import Any

from django.db import connection

AREAS = ("core", "registry", "sources", "hardship", "loans", "aid", "audit", "payments", "web")
SKIPPED = ("web_job",)  # a background job's own row is how a page runs the step


def database_rows() -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        tables = sorted(
            t
            for t in connection.introspection.table_names(cursor)
            if t.split("_", 1)[0] in AREAS and t not in SKIPPED
        )
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            rows[table] = [tuple(row) for row in cursor.fetchall()]
    return rows

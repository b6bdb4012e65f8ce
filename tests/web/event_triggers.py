"""Transactional tests (a live server, the task worker) end with a flush of every table, which
the audit trail's append-only triggers refuse. These helpers lift the triggers for that
flush and put them back before the next test of this folder, with the migration's own
statements, so that the triggers tested are the ones deployed."""

from __future__ import annotations

import importlib

from django.db import connection

_MIGRATION = importlib.import_module("zizhu.core.migrations.0002_event_append_only")
_SQLITE_NAMES = ["core_event_no_update", "core_event_no_delete"]
_POSTGRES_NAMES = ["core_event_no_change", "core_event_no_truncate"]


def triggers_lift() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in _POSTGRES_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON core_event")
        else:
            for name in _SQLITE_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def triggers_restore() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [_POSTGRES_NAMES[0]])
            if cursor.fetchone():
                return
            # The function outlives the triggers: only the CREATE TRIGGER statements again.
            statements = [s for s in _MIGRATION.POSTGRES if s.startswith("CREATE TRIGGER")]
        else:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [_SQLITE_NAMES[0]],
            )
            if cursor.fetchone():
                return
            statements = list(_MIGRATION.SQLITE)
        for sql in statements:
            cursor.execute(sql)

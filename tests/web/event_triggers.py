"""Transactional tests (a live server, the task worker) end with a flush of every table, which
the audit trail's append-only triggers refuse. These helpers lift the triggers for that
flush and put them back before the next test of this folder."""

from __future__ import annotations

from django.db import connection

_SQLITE_NAMES = ["core_event_no_update", "core_event_no_delete"]


def triggers_lift() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS core_event_no_change ON core_event")
            cursor.execute("DROP TRIGGER IF EXISTS core_event_no_truncate ON core_event")
        else:
            for name in _SQLITE_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def triggers_restore() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'core_event_no_change'")
            if cursor.fetchone():
                return
            cursor.execute(
                "CREATE TRIGGER core_event_no_change BEFORE UPDATE OR DELETE ON core_event "
                "FOR EACH ROW EXECUTE FUNCTION core_event_refuse()"
            )
            cursor.execute(
                "CREATE TRIGGER core_event_no_truncate BEFORE TRUNCATE ON core_event "
                "FOR EACH STATEMENT EXECUTE FUNCTION core_event_refuse()"
            )
        else:
            for name, verb in zip(_SQLITE_NAMES, ["UPDATE", "DELETE"], strict=True):
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {verb} ON core_event "
                    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
                )

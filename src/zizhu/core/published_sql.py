"""What other areas may read of core's tables in their SQL (read only): the audit trail, whose
actor and time a history line repeats. tests/architecture/test_sql_rooms.py holds every area
to what is published."""

from __future__ import annotations

PUBLISHED_TABLES = frozenset({"core_event"})

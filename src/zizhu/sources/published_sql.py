"""What other areas may read of sources' tables in their SQL (read only): the schools'
认定 (hardship assessments), which hardship compares with the lists.
tests/architecture/test_sql_rooms.py holds every area to what is published."""

from __future__ import annotations

PUBLISHED_TABLES = frozenset({"sources_hardshipassessment"})

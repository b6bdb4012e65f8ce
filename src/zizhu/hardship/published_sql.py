"""What other areas may read of hardship's tables in their SQL (read only): each student's
level, categories and name mismatches of a term. tests/architecture/test_sql_rooms.py holds
every area to what is published."""

from __future__ import annotations

PUBLISHED_TABLES = frozenset(
    {"hardship_namemismatch", "hardship_studentcategory", "hardship_studenthardship"}
)

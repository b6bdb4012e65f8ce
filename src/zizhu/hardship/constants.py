"""The hardship area's vocabulary: the categories a student holds for a term come from the
department lists' declarations (sources/lists.py); the levels are the schools' 认定's."""

from __future__ import annotations

from zizhu.sources.constants import HardshipLevel
from zizhu.sources.lists import Category

# Levels from most to least in need that aid programs consider; NONE (不困难) is none of them.
LEVELS = [HardshipLevel.SPECIAL, HardshipLevel.HARDSHIP, HardshipLevel.GENERAL]

__all__ = ["LEVELS", "Category", "HardshipLevel"]

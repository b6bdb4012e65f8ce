"""The sources area's writes: imports of department lists and of schools' 认定."""

from zizhu.sources._hardship_import import hardship_import
from zizhu.sources._lists_import import civil_import, disability_import, jdlk_import

__all__ = ["civil_import", "disability_import", "hardship_import", "jdlk_import"]

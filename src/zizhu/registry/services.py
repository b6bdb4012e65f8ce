"""The registry's writes: imports of schools and student rosters."""

from zizhu.registry._schools_import import schools_import
from zizhu.registry._students_import import students_import

__all__ = ["schools_import", "students_import"]

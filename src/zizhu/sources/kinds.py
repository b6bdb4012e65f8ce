"""The sources area's import kinds: the department lists (one per declaration in lists.py)
and schools' 认定 (spec/formats.md).

A department uploads its own list only; the city may upload any. Schools and counties upload
认定 for their own schools.
"""

from __future__ import annotations

from zizhu.intake.kinds import ImportKind
from zizhu.registry.selectors import known_term_codes
from zizhu.sources import _hardship_import as hardship
from zizhu.sources import _lists_import as lists
from zizhu.sources._hardship_rules import LAYOUT as HARDSHIP_LAYOUT
from zizhu.sources.lists import SHIPPED, DepartmentList


def department_list_kind(declared: DepartmentList) -> ImportKind:
    return ImportKind(
        layout=declared.layout,
        uploaders=frozenset({"CITY", f"DEPARTMENT:{declared.kind}"}),
        check=lists.checker(declared),
        places=lists.places,
        plan=lists.planner(declared),
        description=f"{declared.department}的{declared.name}名单，每次导入为所含区县的新版本",
    )


IMPORT_KINDS = (
    *(department_list_kind(declared) for declared in SHIPPED),
    ImportKind(
        layout=HARDSHIP_LAYOUT,
        uploaders=frozenset({"CITY", "COUNTY", "SCHOOL"}),
        check=hardship.check,
        places=hardship.places,
        plan=hardship.plan,
        terms=known_term_codes,
        description="学校的家庭经济困难学生认定：每所学校的行替换该校该学期的认定",
    ),
)

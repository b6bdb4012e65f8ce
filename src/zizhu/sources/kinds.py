"""The sources area's import kinds: the department lists and schools' 认定 (spec/formats.md).

A department uploads its own list only; the city may upload any. Schools and counties upload
认定 for their own schools.
"""

from __future__ import annotations

from zizhu.intake.kinds import ImportKind
from zizhu.registry.selectors import known_term_codes
from zizhu.sources import _hardship_import as hardship
from zizhu.sources import _lists_import as lists
from zizhu.sources._hardship_rules import LAYOUT as HARDSHIP_LAYOUT
from zizhu.sources._list_rules import CIVIL, DISABILITY, JDLK, ListRules


def _department_list(rules: ListRules, description: str) -> ImportKind:
    return ImportKind(
        layout=rules.layout,
        uploaders=frozenset({"CITY", f"DEPARTMENT:{rules.kind}"}),
        check=lists.checker(rules),
        places=lists.places,
        plan=lists.planner(rules),
        description=description,
    )


IMPORT_KINDS = (
    _department_list(JDLK, "扶贫部门的建档立卡贫困人口名单（按年度），每次导入为所含区县的新版本"),
    _department_list(CIVIL, "民政部门的救助对象名单，每次导入为所含区县的新版本"),
    _department_list(DISABILITY, "残联的残疾人名单，每次导入为所含区县的新版本"),
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

"""Which import kinds a role may upload, and whether a file stays inside its jurisdiction.

A school officer may import only its own school's roster and 认定; a county officer only
rows of its county's schools (and, for 高校 rows and loans, students of its county's 户籍).
The file is read before anything runs; a row outside the jurisdiction refuses it whole.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import read_table
from zizhu.registry.selectors import school_counties
from zizhu.web.constants import DEPARTMENT_IMPORT_KIND, IMPORT_KINDS, Role
from zizhu.web.scope import Viewer

_KINDS_BY_ROLE = {
    Role.CITY: tuple(IMPORT_KINDS),
    Role.COUNTY: ("students", "hardship", "loans"),
    Role.SCHOOL: ("students", "hardship"),
}

_SCHOOL = Column("学校标识码", "school", required=True)
_STAGE = Column("学段", "stage")
_HUKOU = Column("户籍地代码", "hukou", required=True)
_LAYOUTS = {
    "students": Layout("students", "学生名册", (_SCHOOL, _STAGE, _HUKOU)),
    "hardship": Layout("hardship", "家庭经济困难学生认定", (_SCHOOL,)),
    "loans": Layout("loans", "生源地信用助学贷款", (_HUKOU,)),
}


def allowed_import_kinds(viewer: Viewer) -> list[str]:
    if viewer.role == Role.DEPARTMENT and viewer.scope.department:
        return [DEPARTMENT_IMPORT_KIND[viewer.scope.department]]
    return list(_KINDS_BY_ROLE.get(Role(viewer.role), ()))


def outside_jurisdiction(*, viewer: Viewer, kind: str, path: Path) -> str | None:
    """A Chinese message naming the first row outside the user's jurisdiction, or None.
    Raises Refused when the file cannot be read at all."""
    scope = viewer.scope
    if viewer.role not in (Role.SCHOOL, Role.COUNTY) or kind not in _LAYOUTS:
        return None
    frame = read_table(path, _LAYOUTS[kind]).frame
    if kind == "loans":
        bad = frame.filter(pl.col("hukou").is_not_null() & (pl.col("hukou") != scope.county))
        return _first(bad, f"户籍地代码不是本县区（{scope.county}）")
    codes = {c for c in frame["school"].to_list() if c}
    if viewer.role == Role.SCHOOL:
        bad = frame.filter(pl.col("school").is_not_null() & (pl.col("school") != scope.school))
        return _first(bad, f"学校标识码不是本校（{scope.school}）")
    counties = school_counties(codes=codes)
    own = [code for code, county in counties.items() if county == scope.county]
    inside = pl.col("school").is_in(own)
    if kind == "students":
        inside = inside | ((pl.col("stage") == "高校") & (pl.col("hukou") == scope.county))
    bad = frame.filter(pl.col("school").is_not_null() & ~inside)
    return _first(bad, f"学校不属于本县区（{scope.county}）")


def _first(bad: pl.DataFrame, reason: str) -> str | None:
    if bad.height == 0:
        return None
    row = bad.row(0, named=True)["_row"]
    return f"文件中有 {bad.height} 行超出您的管辖范围（如第 {row} 行：{reason}），未导入任何数据"


_RETURNS = Layout("returns", "银行回盘", (Column("批次号", "batch", required=True),))


def returns_batches(path: Path) -> list[str]:
    """The batch numbers a 银行回盘 file names. Raises Refused when it cannot be read."""
    frame = read_table(path, _RETURNS).frame
    return sorted({b for b in frame["batch"].to_list() if b})

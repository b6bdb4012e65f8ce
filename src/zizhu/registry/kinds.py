"""The registry's import kinds: 学校名册 and 学生名册 (spec/formats.md)."""

from __future__ import annotations

from zizhu.intake.kinds import ImportKind
from zizhu.registry import _schools_import as schools
from zizhu.registry import _students_import as students
from zizhu.registry._students_check import LAYOUT as STUDENTS_LAYOUT
from zizhu.registry.selectors import known_term_codes

SCHOOLS = ImportKind(
    layout=schools.LAYOUT,
    uploaders=frozenset({"CITY"}),
    check=schools.check,
    places=schools.places,
    plan=schools.plan,
    description="全市学校及其学段、办学性质、学费标准；由市资助中心维护",
)
STUDENTS = ImportKind(
    layout=STUDENTS_LAYOUT,
    uploaders=frozenset({"CITY", "COUNTY", "SCHOOL"}),
    check=students.check,
    places=students.places,
    plan=students.plan,
    prepare=students.prepare,
    terms=known_term_codes,
    partial=True,
    description="一个学期的学生名册：每所学校的行替换该校该学期的名册（或只更正所含的行）",
)
IMPORT_KINDS = (SCHOOLS, STUDENTS)

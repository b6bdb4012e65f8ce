"""Jurisdiction: whose data a read or a write may touch.

Every selector and service that reads or writes people, lists, payments, findings or figures
takes `scope: Scope` as a required keyword argument. The whole city is a scope like any other
(`Scope.city()`), so a caller that forgets to narrow cannot fall back to "everything" by
omission: it has to say so. Cache keys derive from `Scope.key`.

A school's scope carries the school's administering county too: figures kept per county (a
county's 公示, its approvals) are read for the school's county, and rows per student for the
school alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from zizhu.core.errors import Code, Refused


class Level(StrEnum):
    CITY = "CITY"  # the whole city: the city centre, its auditors, an operator's command line
    COUNTY = "COUNTY"
    SCHOOL = "SCHOOL"
    DEPARTMENT = "DEPARTMENT"  # a department's own lists, never student records


@dataclass(frozen=True)
class Scope:
    level: Level
    county: str | None = None  # COUNTY: its code; SCHOOL: the school's county
    school: str | None = None  # SCHOOL: the 学校标识码
    department: str | None = None  # DEPARTMENT: JDLK / CIVIL / DISABILITY
    # False for one who may look but not change (an auditor): services that write refuse it.
    writable: bool = True

    @staticmethod
    def city() -> Scope:
        return Scope(Level.CITY)

    def read_only(self) -> Scope:
        """The same jurisdiction, to look at only."""
        return Scope(self.level, self.county, self.school, self.department, writable=False)

    def write_required(self) -> None:
        """Refuse a change asked for from a scope that may only look."""
        if not self.writable:
            raise Refused(Code.READ_ONLY, "只读用户不能更改数据")

    @staticmethod
    def of_county(county: str) -> Scope:
        if not county:
            raise ValueError("a county scope needs a county code")
        return Scope(Level.COUNTY, county=county)

    @staticmethod
    def of_school(school: str, *, county: str) -> Scope:
        if not school or not county:
            raise ValueError("a school scope needs the school and its county")
        return Scope(Level.SCHOOL, county=county, school=school)

    @staticmethod
    def of_department(department: str) -> Scope:
        if not department:
            raise ValueError("a department scope needs a department")
        return Scope(Level.DEPARTMENT, department=department)

    @property
    def key(self) -> str:
        """A short text naming the scope, for cache keys and events."""
        parts = [self.level.lower(), self.county or "", self.school or "", self.department or ""]
        return ":".join(parts).rstrip(":")  # what it may see: read-only or not, the same

    @property
    def whole_city(self) -> bool:
        return self.level == Level.CITY

    @property
    def sees_students(self) -> bool:
        return self.level != Level.DEPARTMENT

    def covers_county(self, county: str) -> bool:
        """Whether the whole of `county`'s data is inside this scope."""
        return self.level == Level.CITY or (self.level == Level.COUNTY and self.county == county)

    def covers(self, *, county: str | None, school: str | None = None) -> bool:
        """Whether a row of `county` (its administering county) and `school` is inside."""
        if self.level == Level.CITY:
            return True
        if self.level == Level.COUNTY:
            return county is not None and county == self.county
        if self.level == Level.SCHOOL:
            return school is not None and school == self.school
        return False

    def narrowed(self, *, county: str) -> Scope:
        """This scope cut down to one county; refused when the county is outside it."""
        if not county:
            return self
        if self.level == Level.CITY:
            narrowed = Scope.of_county(county)
            return narrowed if self.writable else narrowed.read_only()
        if self.county == county and self.level in (Level.COUNTY, Level.SCHOOL):
            return self
        raise Refused(Code.SCOPE_OUTSIDE, f"区县 {county} 不在您的管辖范围内")

    def students_required(self) -> None:
        """Refuse a read of student records from a scope that may not see them."""
        if not self.sees_students:
            raise Refused(Code.SCOPE_NO_STUDENTS, "部门用户不能查看学生记录")

    def q(self, *, county: str = "county_id", school: str = "school_id") -> Q:
        """A queryset filter restricting rows to this scope, given the names of the rows'
        administering-county and school fields."""
        self.students_required()
        if self.level == Level.COUNTY:
            return Q(**{county: self.county})
        if self.level == Level.SCHOOL:
            return Q(**{school: self.school})
        return Q()

    def sql(self, *, county: str, school: str) -> tuple[str, list[str]]:
        """A WHERE fragment and its parameters restricting rows to this scope, given the SQL
        names of the rows' administering-county and school columns."""
        self.students_required()
        if self.level == Level.COUNTY:
            return f"{county} = %s", [str(self.county)]
        if self.level == Level.SCHOOL:
            return f"{school} = %s", [str(self.school)]
        return "1 = 1", []

    def county_codes(self) -> list[str] | None:
        """The one county this scope is limited to, as a list; None for the whole city.
        For reads kept per county (figures, 公示, approvals)."""
        self.students_required()
        return None if self.level == Level.CITY else [str(self.county)]

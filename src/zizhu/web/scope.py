"""The acting user's jurisdiction, built once per request and passed to every read.

Selectors of the engine areas take explicit `county` / `school` filters; `Scope` turns a
role into those filters, so a page cannot ask for more than its user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from django.http import Http404

from zizhu.web.constants import Role


class ScopeFilters(TypedDict):
    county: str | None
    school: str | None


@dataclass(frozen=True)
class Scope:
    username: str
    role: str
    county: str | None = None  # COUNTY: the county code
    school: str | None = None  # SCHOOL: the 学校标识码
    department: str | None = None  # DEPARTMENT: JDLK / CIVIL / DISABILITY

    @property
    def actor(self) -> str:
        return f"web:{self.username}"

    @property
    def whole_city(self) -> bool:
        return self.role in (Role.CITY, Role.AUDITOR)

    @property
    def sees_students(self) -> bool:
        return self.role != Role.DEPARTMENT

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    def filters(self) -> ScopeFilters:
        """Keyword filters for engine selectors: county and school, None meaning any."""
        if not self.sees_students:
            raise Http404("部门用户不能查看学生记录")
        return {"county": self.county, "school": self.school}


def scope_for(user: Any) -> Scope | None:
    """The scope of a signed-in user with a membership; None for anyone else."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    if membership is None:
        return None
    return Scope(
        username=user.get_username(),
        role=membership.role,
        county=membership.county_code or None if membership.role == Role.COUNTY else None,
        school=membership.school_code or None if membership.role == Role.SCHOOL else None,
        department=membership.department or None if membership.role == Role.DEPARTMENT else None,
    )

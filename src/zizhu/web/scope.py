"""The signed-in user as the pages see them: who, in which role, over which jurisdiction.

The jurisdiction is a `zizhu.core.scope.Scope`, built once per request from the user's
membership and passed, required, to every selector and service: a page cannot ask for more
than its user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zizhu.core.scope import Scope
from zizhu.registry.selectors import school_counties
from zizhu.web.constants import Role


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    scope: Scope

    @property
    def actor(self) -> str:
        return f"web:{self.username}"

    @property
    def read_only(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def sees_whole_ids(self) -> bool:
        """Schools and counties work with whole ID numbers; the city and auditors see them
        masked (and so may not search by an ID number's beginning)."""
        return self.role in (Role.SCHOOL, Role.COUNTY)


def viewer_for(user: Any) -> Viewer | None:
    """The viewer of a signed-in user with a membership; None for anyone else (and for a
    school officer whose school is no longer known)."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    if membership is None:
        return None
    role = membership.role
    username = user.get_username()
    if role == Role.CITY:
        return Viewer(username, role, Scope.city())
    if role == Role.AUDITOR:
        return Viewer(username, role, Scope.city().read_only())
    if role == Role.COUNTY and membership.county_code:
        return Viewer(username, role, Scope.of_county(membership.county_code))
    if role == Role.SCHOOL and membership.school_code:
        county = school_counties(codes={membership.school_code}).get(membership.school_code)
        if county is None:
            return None
        return Viewer(username, role, Scope.of_school(membership.school_code, county=county))
    if role == Role.DEPARTMENT and membership.department:
        return Viewer(username, role, Scope.of_department(membership.department))
    return None

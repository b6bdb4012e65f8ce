"""Template context: the signed-in user's role and jurisdiction, for the menu; the site's
title, from the city loaded."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zizhu.registry.selectors import city_of, school_names
from zizhu.web.labels import label
from zizhu.web.scope import Viewer, viewer_for

SYSTEM_NAME = "学生资助管理信息系统"


def membership(request: HttpRequest) -> dict[str, Any]:
    """The viewer, and the user line's words: the user's name (the login name when no name
    is recorded) and the place they act for by its name (赤坎区, a school's name), not a code."""
    user = getattr(request, "user", None)
    viewer = getattr(request, "viewer", None)
    if viewer is None and user is not None:
        viewer = viewer_for(user)
    if viewer is None:
        return {"viewer": None}
    name = user.get_full_name() if user is not None else ""
    return {
        "viewer": viewer,
        "viewer_name": name or viewer.username,
        "viewer_place": _place(viewer),
    }


def _place(viewer: Viewer) -> str:
    scope = viewer.scope
    if scope.school:
        return school_names(codes={scope.school}).get(scope.school, scope.school)
    if scope.county:
        return label("county", scope.county)
    if scope.department:
        return label("department", scope.department)
    return ""


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's title: the loaded city's name before the system's ("某市学生资助管理信息系统")."""
    city = city_of()
    return {"site_title": f"{city.name}{SYSTEM_NAME}" if city else SYSTEM_NAME}

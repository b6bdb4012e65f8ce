"""Template context: the signed-in user's role and jurisdiction, for the menu; the site's
title, from the city loaded."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zizhu.registry.selectors import city_of
from zizhu.web.scope import viewer_for

SYSTEM_NAME = "学生资助管理信息系统"


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    viewer = getattr(request, "viewer", None)
    if viewer is None and user is not None:
        viewer = viewer_for(user)
    return {"viewer": viewer}


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's title: the loaded city's name before the system's ("某市学生资助管理信息系统")."""
    city = city_of()
    return {"site_title": f"{city.name}{SYSTEM_NAME}" if city else SYSTEM_NAME}

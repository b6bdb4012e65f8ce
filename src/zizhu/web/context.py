"""Template context: the signed-in user's role and jurisdiction, for the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zizhu.web.scope import viewer_for


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    viewer = getattr(request, "viewer", None)
    if viewer is None and user is not None:
        viewer = viewer_for(user)
    return {"viewer": viewer}

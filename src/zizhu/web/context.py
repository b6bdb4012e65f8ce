"""Template context: the signed-in user's role and jurisdiction, for the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zizhu.web.scope import scope_for


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = scope_for(user) if user is not None else None
    return {"scope": scope}

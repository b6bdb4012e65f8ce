"""View decorators: a page needs a signed-in user with a role the page allows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from zizhu.web.scope import viewer_for

View = Callable[..., HttpResponseBase]


def role_required(*roles: str) -> Callable[[View], View]:
    """Anonymous users go to the sign-in page; users of other roles get 403. The view gets
    the user's Viewer (role and Scope) as `request.viewer`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            viewer = viewer_for(request.user)
            if viewer is None or viewer.role not in roles:
                raise PermissionDenied("您的角色无权访问此页面")
            request.viewer = viewer  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


ALL_ROLES = ("CITY", "COUNTY", "SCHOOL", "DEPARTMENT", "AUDITOR")
STUDENT_VIEWERS = ("CITY", "COUNTY", "SCHOOL", "AUDITOR")

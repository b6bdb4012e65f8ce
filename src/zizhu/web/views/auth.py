"""Sign-in and sign-out, and the home page that sends each role to its first page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from zizhu.web.access import ALL_ROLES, role_required
from zizhu.web.forms import LockoutAuthenticationForm
from zizhu.web.views.common import viewer_of


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "lock_failures": settings.LOGIN_MAX_FAILURES,
                "lock_minutes": settings.LOGIN_LOCKOUT_MINUTES}  # fmt: skip


def locked_out(
    request: HttpRequest, response: HttpResponseBase | None, credentials: Any = None
) -> HttpResponseBase:
    """AXES_LOCKOUT_CALLABLE: a sign-in refused by the lock, or the failure that locked, is
    the sign-in page the form already rendered with the lock's message, answered as 429."""
    if response is None:  # axes calls it so only from its decorators, which zizhu does not use
        return HttpResponse("登录失败次数过多，请稍后再试。", status=429,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    response.status_code = 429
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    return auth_views.LogoutView.as_view()(request)


@role_required(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    role = viewer_of(request).role
    if role == "DEPARTMENT":
        return redirect("web:departments")
    if role == "SCHOOL":
        return redirect("web:school_home")  # what is waiting for the school, first
    return redirect("web:dashboard")

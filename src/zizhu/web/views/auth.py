"""Sign-in and sign-out, and the home page that sends each role to its first page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from zizhu.web.access import ALL_ROLES, role_required
from zizhu.web.forms import LockoutAuthenticationForm
from zizhu.web.views.common import viewer_of


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


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

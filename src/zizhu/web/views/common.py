"""Helpers shared by the views: the user's scope, the term asked for, paging."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from zizhu.registry.selectors import latest_enrolled_term, term_codes
from zizhu.web.scope import Scope

PAGE_SIZE = 50


def scope_of(request: HttpRequest) -> Scope:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return scope


def term_of(request: HttpRequest) -> str:
    """The term asked for (?term=), else the newest term with enrolments."""
    codes = term_codes()
    asked = request.GET.get("term") or request.POST.get("term")
    if asked:
        if asked not in codes:
            raise Http404("未知的学期")
        return asked
    current = latest_enrolled_term()
    if current is None:
        raise Http404("系统中还没有学期")
    return current


def page_of(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def int_or_404(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError as bad:
        raise Http404("参数无效") from bad

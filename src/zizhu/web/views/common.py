"""Helpers shared by the views: the user's scope, the term or year asked for, paging."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from zizhu.registry.selectors import latest_enrolled_term, term_codes
from zizhu.web.scope import Scope, ScopeFilters

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


def report_years() -> list[int]:
    """The years with any term, newest first."""
    return sorted({int(code[:4]) for code in term_codes()}, reverse=True)


def year_of(request: HttpRequest) -> int:
    """The year asked for (?year=), else the newest."""
    years = report_years()
    if "year" in request.GET:
        year = int_or_404(request.GET.get("year"))
        if year not in years:
            raise Http404("系统中没有这一年的学期")
        return year
    if not years:
        raise Http404("系统中还没有学期")
    return years[0]


def narrowed_filters(request: HttpRequest) -> tuple[ScopeFilters, str]:
    """The user's scope filters, narrowed to the county asked for (?county=), and that county
    ("" for none). A county outside the user's jurisdiction is a 404, never its data."""
    filters = scope_of(request).filters()
    county = request.GET.get("county", "").strip()
    if county and filters["county"] not in (None, county):
        raise Http404("该区县不在您的管辖范围内")
    if county:
        filters["county"] = county
    return filters, county


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

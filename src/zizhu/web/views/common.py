"""Helpers shared by the views: the user's scope, the term or year asked for, paging."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from zizhu.core.errors import Refused
from zizhu.core.scope import Scope
from zizhu.registry.selectors import latest_enrolled_term, term_codes
from zizhu.web.scope import Viewer

PAGE_SIZE = 50


def viewer_of(request: HttpRequest) -> Viewer:
    viewer: Viewer = request.viewer  # type: ignore[attr-defined]
    return viewer


def scope_of(request: HttpRequest) -> Scope:
    return viewer_of(request).scope


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


def narrowed_scope(request: HttpRequest) -> tuple[Scope, str]:
    """The user's scope, narrowed to the county asked for (?county=), and that county ("" for
    none). A county outside the user's jurisdiction is a 404, never its data."""
    county = request.GET.get("county", "").strip()
    try:
        return scope_of(request).narrowed(county=county), county
    except Refused as outside:
        raise Http404(outside.message) from outside


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


def unit_name(scope: Scope) -> str:
    """The unit a list belongs to, for titles: the county's or the school's name, else the
    city's."""
    from zizhu.registry.selectors import city_of, school_rows
    from zizhu.web.labels import label

    if scope.school:
        found = school_rows(scope=scope)
        return found[0].name if found else scope.school
    if scope.county:
        return label("county", scope.county)
    city = city_of()
    return city.name if city else "全市"


def term_name(term: str) -> str:
    from zizhu.registry.selectors import term_facts

    return term_facts(term).name

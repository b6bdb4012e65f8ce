"""Schools, the student search, and a student's page (enrolments, categories, aid and why,
and every payment with the bank's answer); a county officer starts a payee account
correction there (views/accounts.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from zizhu.aid.selectors import entitlement_grounds, person_entitlements, program_names
from zizhu.core.scope import Level, Scope
from zizhu.hardship.selectors import student_categories
from zizhu.payments.selectors import payments_of_people
from zizhu.registry.selectors import (
    SEARCH_LIMIT,
    county_names,
    school_rows,
    student_profile,
    student_search,
    term_codes,
)
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.constants import Role
from zizhu.web.list_downloads import students_download
from zizhu.web.listexport import download_asked
from zizhu.web.views.common import (
    PAGE_SIZE,
    narrowed_scope,
    page_of,
    scope_of,
    term_name,
    unit_name,
    viewer_of,
)


@role_required(*STUDENT_VIEWERS)
def schools(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    rows = school_rows(scope=scope_of(request), query=query)
    page = page_of(request)
    return render(
        request,
        "web/schools.html",
        {
            "rows": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], "total": len(rows),
            "q": query, "page": page, "pages": max(1, -(-len(rows) // PAGE_SIZE)),
        },
    )  # fmt: skip


@role_required(*STUDENT_VIEWERS)
def students(request: HttpRequest) -> HttpResponseBase:
    query = request.GET.get("q", "").strip()
    school = request.GET.get("school", "").strip()
    page = page_of(request)
    viewer = viewer_of(request)
    scope, county = narrowed_scope(request)  # another jurisdiction's county: a 404
    # The schools to choose from: those of one county (the user's, or the one chosen), never
    # the city's thousands in one list.
    choices = school_rows(scope=scope) if scope.county and not scope.school else []
    if school and not scope.school:
        found_school = school_rows(scope=scope, query=school)
        if school not in {s.code for s in found_school}:
            raise Http404("学校不在您的管辖范围内")
        scope = Scope.of_school(school, county=found_school[0].county_code)
    if download_asked(request):
        return students_download(
            viewer=viewer, title=f"{unit_name(scope)}学生查询结果",
            filters=[("查询", query)], limit=SEARCH_LIMIT,
            term_names={code: term_name(code) for code in term_codes()},
            fetch=lambda offset, limit: student_search(
                scope=scope, query=query, id_prefix=viewer.sees_whole_ids, offset=offset,
                limit=limit,
            ),
        )  # fmt: skip
    found = student_search(
        scope=scope, query=query, id_prefix=viewer.sees_whole_ids,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    pages = max(1, -(-min(found.total, SEARCH_LIMIT) // PAGE_SIZE))
    return render(
        request,
        "web/students.html",
        {
            "found": found,
            "q": query,
            "school": school,
            "county": county,
            "counties": county_names() if viewer.scope.level == Level.CITY else {},
            "schools": sorted(choices, key=lambda s: s.name),
            "page": page,
            "pages": pages,
            "limit": SEARCH_LIMIT,
        },  # fmt: skip
    )


@role_required(*STUDENT_VIEWERS)
def student(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    scope = viewer.scope
    profile = student_profile(scope=scope, person_id=person_id)
    if profile is None:
        raise Http404("没有这名学生，或该学生不在您的管辖范围内")
    terms = sorted({e.term for e in profile.enrolments}, reverse=True)
    categories = {
        term: student_categories(scope=scope, term=term, person_id=person_id) for term in terms
    }
    entitlements = person_entitlements(scope=scope, person_id=person_id)
    names: dict[str, str] = {}
    for term in terms:
        names.update(program_names(term=term))
    grounds = {e.id: entitlement_grounds(scope=scope, entitlement_id=e.id) for e in entitlements}
    payments = payments_of_people(scope=scope, person_ids=[person_id])
    return render(
        request,
        "web/student.html",
        {
            "profile": profile,
            # The person's own 学籍号, else the one the newest roster gives (the list shows it).
            "student_no": profile.student_no
            or next((e.student_no for e in profile.enrolments if e.student_no), ""),
            "categories": categories,
            "entitlements": [(e, grounds[e.id]) for e in entitlements],
            "names": names,
            "show_whole_id": viewer.sees_whole_ids,
            "payments": payments,
            "can_correct": viewer.role == Role.COUNTY,
            "sees_batches": viewer.role in (Role.CITY, Role.COUNTY, Role.AUDITOR),
        },
    )

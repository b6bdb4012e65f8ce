"""Schools, the student search, and a student's page (enrolments, categories, aid and why)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.aid.selectors import entitlement_grounds, person_entitlements, program_names
from zizhu.hardship.selectors import student_categories
from zizhu.registry.selectors import school_rows, student_profile, student_search
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.views.common import PAGE_SIZE, page_of, scope_of


@role_required(*STUDENT_VIEWERS)
def schools(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    rows = school_rows(query=query, **scope_of(request).filters())
    return render(request, "web/schools.html", {"rows": rows[:500], "total": len(rows), "q": query})


@role_required(*STUDENT_VIEWERS)
def students(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    school = request.GET.get("school", "").strip()
    page = page_of(request)
    filters = scope_of(request).filters()
    if school and not filters["school"]:
        if school not in {s.code for s in school_rows(**filters)}:
            raise Http404("学校不在您的管辖范围内")
        filters["school"] = school
    found = student_search(query=query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, **filters)
    pages = max(1, -(-found.total // PAGE_SIZE))
    return render(
        request,
        "web/students.html",
        {"found": found, "q": query, "school": school, "page": page, "pages": pages},
    )


@role_required(*STUDENT_VIEWERS)
def student(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = scope_of(request)
    profile = student_profile(person_id=person_id, **scope.filters())
    if profile is None:
        raise Http404("没有这名学生，或该学生不在您的管辖范围内")
    terms = sorted({e.term for e in profile.enrolments}, reverse=True)
    categories = {term: student_categories(term=term, person_id=person_id) for term in terms}
    entitlements = person_entitlements(person_id=person_id, **scope.filters())
    names: dict[str, str] = {}
    for term in terms:
        names.update(program_names(term=term))
    grounds = {e.id: entitlement_grounds(entitlement_id=e.id) for e in entitlements}
    return render(
        request,
        "web/student.html",
        {
            "profile": profile,
            "categories": categories,
            "entitlements": [(e, grounds[e.id]) for e in entitlements],
            "names": names,
            "show_whole_id": scope.role in ("SCHOOL", "COUNTY"),
        },
    )

"""Schools, the student search, and a student's page (enrolments, categories, aid and why);
a county officer corrects a payee account there."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import entitlement_grounds, person_entitlements, program_names
from zizhu.core.errors import Refused
from zizhu.core.scope import Scope
from zizhu.hardship.selectors import student_categories
from zizhu.registry.selectors import (
    SEARCH_LIMIT,
    payee_enrolment,
    school_rows,
    student_profile,
    student_search,
)
from zizhu.registry.services import payee_account_change
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.constants import Role
from zizhu.web.forms import AccountForm
from zizhu.web.views.common import PAGE_SIZE, page_of, scope_of, viewer_of


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
def students(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    school = request.GET.get("school", "").strip()
    page = page_of(request)
    viewer = viewer_of(request)
    scope = viewer.scope
    if school and not scope.school:
        found_school = school_rows(scope=scope, query=school)
        if school not in {s.code for s in found_school}:
            raise Http404("学校不在您的管辖范围内")
        scope = Scope.of_school(school, county=found_school[0].county_code)
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
    return render(
        request,
        "web/student.html",
        {
            "profile": profile,
            "categories": categories,
            "entitlements": [(e, grounds[e.id]) for e in entitlements],
            "names": names,
            "show_whole_id": viewer.sees_whole_ids,
            "can_correct": viewer.role == Role.COUNTY,
        },
    )


@require_POST
@role_required(Role.COUNTY)
def account_change(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    form = AccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写收款人姓名和收款账号")
        return redirect("web:student", person_id=person_id)
    data = form.cleaned_data
    enrolment_id = payee_enrolment(
        scope=viewer.scope, person_id=person_id, term=data["term"], school=data["school"]
    )
    if enrolment_id is None:
        raise Http404("没有这条学籍记录，或该学生不在您的管辖范围内")
    try:
        changed = payee_account_change(
            scope=viewer.scope, actor=viewer.actor, enrolment_id=enrolment_id,
            payee_name=data["payee_name"], payee_id_number=data["payee_id_number"],
            account_no=data["account_no"], bank=data["bank"],
        )  # fmt: skip
        messages.success(request, "已更正收款账户" if changed else "收款账户没有变化")
    except Refused as refused:
        messages.error(request, f"未更正：{refused.message}")
    return redirect("web:student", person_id=person_id)

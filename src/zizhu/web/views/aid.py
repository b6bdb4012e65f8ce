"""Aid lists per program: the school's review (confirm, exclude, 补录), the county's 公示
and approval. Every change is one call of an aid service; the scope decides what is found."""

from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import entitlement_in_scope, entitlement_rows, list_states, program_names
from zizhu.aid.services import (
    approve,
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
    publicity_record,
)
from zizhu.core.errors import Code, Refused
from zizhu.registry.selectors import student_search
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.forms import AddForm, ExcludeForm, PublicityForm
from zizhu.web.views.common import PAGE_SIZE, narrowed_scope, page_of, term_of, viewer_of


def _program_or_404(term: str, program: str) -> str:
    if program not in program_names(term=term):
        raise Http404("没有这个资助项目")
    return program


def _back(term: str, program: str, county: str = "") -> HttpResponse:
    query = urllib.parse.urlencode({"term": term, **({"county": county} if county else {})})
    return redirect(reverse("web:aid_list", args=[program]) + "?" + query)


@role_required(*STUDENT_VIEWERS)
def aid_index(request: HttpRequest) -> HttpResponse:
    term = term_of(request)
    return render(request, "web/aid_index.html", {"term": term, "names": program_names(term=term)})


@role_required(*STUDENT_VIEWERS)
def aid_list(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    _program_or_404(term, program)
    narrowed, county = narrowed_scope(request)
    status = request.GET.get("status", "").strip() or None
    page = page_of(request)
    # A city's list is counted over tens of thousands of rows; the first pages are what
    # everyone opens, so a page is kept until the data changes.
    found = cached(
        "aid_list", term, program, status, page, narrowed.key,
        compute=lambda: entitlement_rows(
            scope=narrowed, term=term, program=program, status=status,
            offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        ),
    )  # fmt: skip
    all_states = cached(
        "list_states", term, narrowed.key,
        compute=lambda: list_states(scope=narrowed, term=term),
    )  # fmt: skip
    states = [s for s in all_states if s.program == program]
    return render(
        request,
        "web/aid_list.html",
        {
            "term": term, "program": program, "program_name": program_names(term=term)[program],
            "found": found, "status": status or "", "county": county, "page": page,
            "pages": max(1, -(-found.total // PAGE_SIZE)), "states": states,
            "is_school": viewer.role == Role.SCHOOL, "is_county": viewer.role == Role.COUNTY,
            "exclude_form": ExcludeForm(), "add_form": AddForm(),
            "publicity_form": PublicityForm(),
        },
    )  # fmt: skip


@require_POST
@role_required(Role.SCHOOL)
def aid_confirm(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    _program_or_404(term, program)
    count = entitlements_confirm(scope=viewer.scope, actor=viewer.actor, term=term, program=program)
    messages.success(request, f"已确认 {count} 名学生")
    return _back(term, program)


@require_POST
@role_required(Role.SCHOOL)
def aid_exclude(request: HttpRequest, entitlement_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    if not entitlement_in_scope(scope=viewer.scope, entitlement_id=entitlement_id):
        raise Http404("没有这条名单记录")
    form = ExcludeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        entitlement_exclude(
            scope=viewer.scope, actor=viewer.actor, entitlement_id=entitlement_id, reason=reason
        )
        messages.success(request, "已排除")
    except Refused as refused:
        messages.error(request, refused.message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:aid_index")
    return redirect(target)


@require_POST
@role_required(Role.SCHOOL)
def aid_add(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    _program_or_404(term, program)
    form = AddForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(Code.NOTE_REQUIRED, "补录须填写学生的身份证件号或学籍号和依据")
        who = form.cleaned_data["student"].strip().upper()
        found = student_search(scope=viewer.scope, query=who, id_prefix=False, term=term, limit=2)
        exact = [r for r in found.rows if who in (r.id_number, r.student_no)]
        if len(exact) != 1:
            raise Refused(Code.NOT_FOUND, "本校本学期的名册中没有这名学生")
        entitlement_add(
            scope=viewer.scope, actor=viewer.actor, term=term, program=program,
            person_id=exact[0].person_id, evidence=form.cleaned_data["evidence"],
        )  # fmt: skip
        messages.success(request, "已补录")
    except Refused as refused:
        messages.error(request, refused.message)
    return _back(term, program)


@require_POST
@role_required(Role.COUNTY)
def aid_publicity(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    _program_or_404(term, program)
    form = PublicityForm(request.POST)
    if form.is_valid():
        publicity_record(
            scope=viewer.scope, actor=viewer.actor, term=term, program=program,
            start_date=form.cleaned_data["start_date"], on_paper=form.cleaned_data["on_paper"],
        )  # fmt: skip
        messages.success(request, "已登记公示")
    else:
        messages.error(request, "请填写有效的公示开始日期")
    return _back(term, program)


@require_POST
@role_required(Role.COUNTY)
def aid_approve(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    _program_or_404(term, program)
    try:
        lists = approve(scope=viewer.scope, actor=viewer.actor, term=term, program=program)
        messages.success(request, f"已审批 {sum(item.count for item in lists)} 名学生")
    except Refused as refused:
        messages.error(request, f"审批被拒绝，未做任何更改：{refused.message}")
    return _back(term, program)

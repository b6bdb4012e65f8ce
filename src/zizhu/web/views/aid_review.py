"""The review of a list: a school confirms its drafts (after a page showing 人数 and 金额),
excludes with a reason and adds with evidence; a county excludes with a reason and sends a
school's part back with a note. Each change is one aid service call in the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import confirm_tally, entitlement_in_scope, program_names
from zizhu.aid.services import (
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
    list_send_back,
)
from zizhu.core.errors import Code, Refused
from zizhu.registry.selectors import student_search
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.forms import AddForm, ExcludeForm, SendBackForm, TallyForm
from zizhu.web.views.aid import back_to_list, program_or_404
from zizhu.web.views.common import term_of, viewer_of


@role_required(Role.SCHOOL)
def aid_confirm(request: HttpRequest, program: str) -> HttpResponse:
    """GET: what confirming would confirm. POST: confirm, if it is still that."""
    viewer = viewer_of(request)
    term = term_of(request)
    program_or_404(term, program)
    page = reverse("web:aid_confirm", args=[program]) + f"?term={term}"
    if request.method == "POST":
        form = TallyForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请先查看将要确认的人数和金额，再确认")
            return redirect(page)
        try:
            count = entitlements_confirm(
                scope=viewer.scope, actor=viewer.actor, term=term, program=program,
                expected=form.tally(),
            )  # fmt: skip
        except Refused as refused:
            messages.error(request, f"未确认：{refused.message}")
            return redirect(page)
        messages.success(request, f"已确认 {count} 名学生")
        return back_to_list(term, program)
    tally = confirm_tally(scope=viewer.scope, term=term, program=program)
    return render(
        request,
        "web/step_confirm.html",
        {
            "title": f"确认本校{program_names(term=term)[program]}名单", "term": term,
            "lines": [("本校待审核名单", tally)], "tally": tally,
            "action": reverse("web:aid_confirm", args=[program]),
            "button": "确认这些学生", "back": reverse("web:aid_list", args=[program]),
            "empty": "本校没有待审核的名单。",
            "hint": "确认后名单交县区审批；县区公示须在确认之后开始。",
        },
    )  # fmt: skip


@require_POST
@role_required(Role.SCHOOL, Role.COUNTY)
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
    program_or_404(term, program)
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
    return back_to_list(term, program)


@require_POST
@role_required(Role.COUNTY)
def aid_send_back(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    program_or_404(term, program)
    form = SendBackForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(Code.NOTE_REQUIRED, "退回学校须填写说明")
        back = list_send_back(
            scope=viewer.scope, actor=viewer.actor, term=term, program=program,
            school=form.cleaned_data["school"], note=form.cleaned_data["note"],
        )  # fmt: skip
        messages.success(request, f"已退回学校，{back.count} 名学生回到待审核")
    except Refused as refused:
        if refused.code in (Code.SCOPE_OUTSIDE, Code.NOT_FOUND):
            raise Http404(refused.message) from refused
        messages.error(request, f"未退回：{refused.message}")
    return back_to_list(term, program)

"""The county's 公示 records (record, correct, withdraw) and its approval, which first shows
each list's confirmed and unconfirmed rows (by school) and the 公示 it would rely on."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import approval_plans, program_names
from zizhu.aid.services import (
    approve,
    publicity_correct,
    publicity_record,
    publicity_withdraw,
)
from zizhu.core.errors import Code, Refused
from zizhu.core.tally import NOTHING
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.forms import ApproveForm, PublicityCorrectForm, PublicityForm, WithdrawForm
from zizhu.web.views.aid import back_to_list, program_or_404
from zizhu.web.views.common import term_of, viewer_of


def _list_of_post(request: HttpRequest) -> tuple[str, str]:
    """The term and program a 公示 record's form came from, to go back to."""
    term = term_of(request)
    program = request.POST.get("program", "")
    return term, program_or_404(term, program)


@require_POST
@role_required(Role.COUNTY)
def aid_publicity(request: HttpRequest, program: str) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    program_or_404(term, program)
    form = PublicityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的公示开始日期")
        return back_to_list(term, program)
    try:
        publicity_record(
            scope=viewer.scope, actor=viewer.actor, term=term, program=program,
            start_date=form.cleaned_data["start_date"], on_paper=form.cleaned_data["on_paper"],
        )  # fmt: skip
        messages.success(request, "已登记公示")
    except Refused as refused:
        messages.error(request, f"未登记：{refused.message}")
    return back_to_list(term, program)


@require_POST
@role_required(Role.COUNTY)
def publicity_correct_view(request: HttpRequest, publicity_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    term, program = _list_of_post(request)
    form = PublicityCorrectForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused(Code.NOTE_REQUIRED, "请填写有效的公示开始日期和更正原因")
        publicity_correct(
            scope=viewer.scope, actor=viewer.actor, publicity_id=publicity_id,
            start_date=form.cleaned_data["start_date"], on_paper=form.cleaned_data["on_paper"],
            note=form.cleaned_data["note"],
        )  # fmt: skip
        messages.success(request, "已更正公示记录")
    except Refused as refused:
        if refused.code == Code.NOT_FOUND:
            raise Http404(refused.message) from refused
        messages.error(request, f"未更正：{refused.message}")
    return back_to_list(term, program)


@require_POST
@role_required(Role.COUNTY)
def publicity_withdraw_view(request: HttpRequest, publicity_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    term, program = _list_of_post(request)
    form = WithdrawForm(request.POST)
    try:
        note = form.cleaned_data["note"] if form.is_valid() else ""
        publicity_withdraw(
            scope=viewer.scope, actor=viewer.actor, publicity_id=publicity_id, note=note
        )
        messages.success(request, "已撤回公示记录")
    except Refused as refused:
        if refused.code == Code.NOT_FOUND:
            raise Http404(refused.message) from refused
        messages.error(request, f"未撤回：{refused.message}")
    return back_to_list(term, program)


@role_required(Role.COUNTY)
def aid_approve(request: HttpRequest, program: str) -> HttpResponse:
    """GET: what approving the county's list would take, and whether it may. POST: approve,
    if it is still that."""
    viewer = viewer_of(request)
    term = term_of(request)
    program_or_404(term, program)
    page = reverse("web:aid_approve", args=[program]) + f"?term={term}"
    if request.method == "POST":
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请先查看将要审批的人数和金额，再审批")
            return redirect(page)
        try:
            lists = approve(
                scope=viewer.scope, actor=viewer.actor, term=term, program=program,
                with_unconfirmed=form.cleaned_data["with_unconfirmed"], expected=form.tally(),
            )  # fmt: skip
        except Refused as refused:
            messages.error(request, f"审批被拒绝，未做任何更改：{refused.message}")
            return redirect(page)
        messages.success(request, f"已审批 {sum(item.count for item in lists)} 名学生")
        return back_to_list(term, program)
    plans = approval_plans(scope=viewer.scope, term=term, program=program)
    return render(
        request,
        "web/aid_approve.html",
        {
            "term": term, "program": program, "program_name": program_names(term=term)[program],
            "plans": plans,
            "confirmed": sum((p.confirmed for p in plans), NOTHING),
            "unconfirmed": sum((p.unconfirmed for p in plans), NOTHING),
            "publicity_ok": all(p.verdict.code is None for p in plans),
        },
    )  # fmt: skip

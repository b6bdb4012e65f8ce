"""A county officer corrects a student's payee account, in three steps: the form starts from
the payee in force and the failed payments it is to put right; the correction is checked and
shown against the old payee; the officer confirms, and the correction is saved unless the
payee changed meanwhile. The next payment export reissues the failed payments."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zizhu.aid.selectors import program_names
from zizhu.core.errors import Code, Refused
from zizhu.payments.selectors import PersonPayment, payments_of_people
from zizhu.registry.selectors import (
    EnrolmentPayee,
    bank_names,
    enrolment_payee,
    payee_enrolment,
)
from zizhu.registry.services import payee_account_change, payee_account_check
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.forms import AccountForm
from zizhu.web.scope import Viewer
from zizhu.web.views.common import viewer_of


def _shown(viewer: Viewer, person_id: int, term: str, school: str) -> EnrolmentPayee:
    enrolment_id = payee_enrolment(scope=viewer.scope, person_id=person_id, term=term,
                                   school=school)  # fmt: skip
    shown = None
    if enrolment_id is not None:
        shown = enrolment_payee(scope=viewer.scope, enrolment_id=enrolment_id)
    if shown is None:
        raise Http404("没有这条学籍记录，或该学生不在您的管辖范围内")
    return shown


def _failed(viewer: Viewer, shown: EnrolmentPayee) -> list[PersonPayment]:
    """The enrolment's failed payments not yet sent again: what the correction puts right."""
    paid = payments_of_people(scope=viewer.scope, person_ids=[shown.person_id], term=shown.term)
    return [p for p in paid if p.enrolment_id == shown.enrolment_id and p.awaiting_correction]


def _form_page(
    request: HttpRequest, viewer: Viewer, shown: EnrolmentPayee, form: AccountForm
) -> HttpResponse:
    return render(
        request,
        "web/account_correct.html",
        {"shown": shown, "form": form, "failed": _failed(viewer, shown),
         "names": program_names(term=shown.term)},
    )  # fmt: skip


@role_required(Role.COUNTY)
def account_change(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    source: Any = request.POST if request.method == "POST" else request.GET
    shown = _shown(viewer, person_id, str(source.get("term", "")), str(source.get("school", "")))
    banks = bank_names()
    if request.method != "POST":
        payee = shown.payee
        initial = {"term": shown.term, "school": shown.school_code, "payee_name": payee.name,
                   "payee_id_number": payee.id_number, "account_no": payee.account_no,
                   "bank": payee.bank if payee.bank in banks else ""}  # fmt: skip
        return _form_page(request, viewer, shown, AccountForm(initial=initial, banks=banks))
    form = AccountForm(request.POST, banks=banks)
    values = form.values()
    try:
        if request.POST.get("step") != "confirm":
            checked = payee_account_check(
                scope=viewer.scope, enrolment_id=shown.enrolment_id,
                payee_name=values["payee_name"], payee_id_number=values["payee_id_number"],
                account_no=values["account_no"], bank=values["bank"],
            )  # fmt: skip
            return render(
                request, "web/account_confirm.html",
                {"shown": shown, "checked": checked, "failed": _failed(viewer, shown),
                 "names": program_names(term=shown.term)},
            )  # fmt: skip
        changed = payee_account_change(
            scope=viewer.scope, actor=viewer.actor, enrolment_id=shown.enrolment_id,
            seen=str(request.POST.get("seen", "")), payee_name=values["payee_name"],
            payee_id_number=values["payee_id_number"], account_no=values["account_no"],
            bank=values["bank"],
        )  # fmt: skip
    except Refused as refused:
        messages.error(request, f"未更正：{refused.message}")
        if refused.code == Code.ACCOUNT_CHANGED:  # start again from the payee as it is now
            return redirect(_form_url(person_id, shown))
        return _form_page(request, viewer, shown, form)
    messages.success(
        request, "已更正收款账户，下次生成代发批次时补发" if changed else "收款账户没有变化"
    )
    return redirect("web:student", person_id=person_id)


def _form_url(person_id: int, shown: EnrolmentPayee) -> str:
    query = urlencode({"term": shown.term, "school": shown.school_code})
    return reverse("web:account_change", args=[person_id]) + "?" + query

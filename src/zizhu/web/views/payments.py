"""Payments: a term's batches with their bank's answers, the list of the payments behind each
number, a `pay export` for the user's county as a background job, a batch's bank file
(personal data: an export event), and the upload of a 银行回盘 file of the county's own
batches."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from zizhu.aid.selectors import program_names
from zizhu.core.errors import Code, Refused
from zizhu.core.masking import mask_id_number
from zizhu.core.scope import Scope
from zizhu.core.tally import NOTHING, tally_check
from zizhu.payments.constants import PaymentStatus
from zizhu.payments.selectors import batch_list, payment_rows
from zizhu.registry.selectors import county_names, term_codes
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.exports import bank_file_export
from zizhu.web.figures import payments_figures
from zizhu.web.forms import ReturnsForm, TallyForm
from zizhu.web.jobs import import_job_start, pay_export_job_start
from zizhu.web.labels import label
from zizhu.web.listexport import AMOUNT, INT, TEXT, Column, download_asked, list_download, pages
from zizhu.web.steps import unpaid_today
from zizhu.web.views.common import (
    PAGE_SIZE,
    narrowed_scope,
    page_of,
    scope_of,
    term_name,
    term_of,
    unit_name,
    viewer_of,
)

PAYMENT_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR)


@role_required(*PAYMENT_VIEWERS)
def payments(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    form = ReturnsForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if viewer.read_only:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                job = import_job_start(
                    viewer=viewer, user=request.user, kind="returns", term=term,
                    upload=form.cleaned_data["file"],
                )  # fmt: skip
            except Refused as refused:
                form.add_error(None, f"未导入：{refused.message}")
            else:
                return redirect("web:job", job_id=job.pk)
    return render(
        request,
        "web/payments.html",
        {
            "term": term, "terms": term_codes(), "form": form, "can_pay": not viewer.read_only,
            # The same for everyone with this scope until the data changes.
            "figures": payments_figures(scope=viewer.scope, term=term),
        },
    )  # fmt: skip


@role_required(*PAYMENT_VIEWERS)
def payment_list(request: HttpRequest) -> HttpResponseBase:
    """The payments behind a number of the dashboard, the payments page or the year report:
    a term's, narrowed to a county, program, status or batch, within the user's county."""
    scope = scope_of(request)
    term = term_of(request)
    narrowed, county = narrowed_scope(request)  # another county than the user's: 404
    names = program_names(term=term)
    program = request.GET.get("program", "").strip()
    if program and program not in names:
        raise Http404("没有这个资助项目")
    status = request.GET.get("status", "").strip()
    if status and status not in PaymentStatus.values:
        raise Http404("没有这个发放状态")
    batch = request.GET.get("batch", "").strip()
    if download_asked(request):
        return _payment_list_download(request, narrowed, term, names, program, status, batch)
    page = page_of(request)
    found = cached(
        "payment_list", term, narrowed.key, program, status, batch, page,
        compute=lambda: payment_rows(
            scope=narrowed, term=term, program=program or None, status=status or None,
            batch_no=batch or None, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        ),
    )  # fmt: skip
    asked = {"term": term, "county": county, "program": program, "status": status, "batch": batch}
    query = urllib.parse.urlencode({k: v for k, v in asked.items() if v})
    return render(
        request,
        "web/payment_list.html",
        {
            "term": term, "terms": term_codes(), "found": found, "names": names,
            "program": program, "program_name": names.get(program, ""), "county": county,
            "counties": {} if scope.county else county_names(), "status": status,
            "statuses": PaymentStatus.values, "batch": batch, "page": page,
            "pages": max(1, -(-found.total // PAGE_SIZE)), "query": query,
        },
    )  # fmt: skip


PAYMENT_COLUMNS = [
    Column("姓名", TEXT, 10), Column("身份证件号", TEXT, 21), Column("学校", TEXT, 24),
    Column("区县", TEXT, 10), Column("资助项目", TEXT, 30), Column("金额（元）", AMOUNT, 12),
    Column("状态", TEXT, 10), Column("失败原因", TEXT, 16), Column("补发", TEXT, 6),
    Column("批次号", TEXT, 32), Column("序号", INT, 8),
]  # fmt: skip


def _payment_list_download(
    request: HttpRequest, scope: Scope, term: str, names: dict[str, str], program: str,
    status: str, batch: str,
) -> HttpResponseBase:  # fmt: skip
    rows = (
        (p.name, mask_id_number(p.student_id), p.school_name, label("county", p.county),
         names.get(p.program, p.program), p.amount_fen, label("payment_status", p.status),
         p.failure_reason, "是" if p.is_reissue else "", p.batch_no, p.seq)
        for p in pages(lambda offset, limit: payment_rows(
            scope=scope, term=term, program=program or None, status=status or None,
            batch_no=batch or None, offset=offset, limit=limit,
        ))
    )  # fmt: skip
    return list_download(
        viewer=viewer_of(request), what="payment_list",
        title=f"{unit_name(scope)}{term_name(term)}发放学生名单",
        filters=[("资助项目", names.get(program, "")),
                 ("状态", label("payment_status", status)), ("代发批次", batch)],
        columns=PAYMENT_COLUMNS, rows=rows,
    )  # fmt: skip


@role_required(Role.CITY, Role.COUNTY)
def pay_export_start(request: HttpRequest) -> HttpResponse:
    """GET: the approved, unpaid entitlements an export would take. POST: start it, if they
    are still so."""
    term = term_of(request)
    lines = unpaid_today(scope=scope_of(request), term=term)
    unpaid = sum((t for _, t in lines), NOTHING)
    if request.method == "POST":
        form = TallyForm(request.POST)
        try:
            if not form.is_valid():
                raise Refused(Code.COUNTS_CHANGED, "请先查看将要发放的人数和金额，再生成")
            tally_check(expected=form.tally(), found=unpaid)
        except Refused as refused:
            messages.error(request, f"未生成：{refused.message}")
            return redirect(reverse("web:pay_export") + f"?term={term}")
        started = pay_export_job_start(user=request.user, term=term)
        messages.info(request, "已开始生成代发批次")
        return redirect("web:job", job_id=started.pk)
    return render(
        request,
        "web/step_confirm.html",
        {
            "title": "生成代发批次", "term": term, "what": "已审批、尚未发放成功",
            "lines": lines, "tally": unpaid, "action": reverse("web:pay_export"),
            "button": "生成代发批次（后台运行）", "back": reverse("web:payments"),
            "empty": "没有已审批、尚未发放的学生。",
            "note": "其中已发出、正等待银行回盘的，发放失败而收款账户尚未更正的，以及没有可用"
            "收款账户的，这次不会生成；生成结果在任务页列出。",
        },
    )  # fmt: skip


@role_required(*PAYMENT_VIEWERS)
def batch_file(request: HttpRequest, batch_no: str) -> FileResponse:
    term = term_of(request)
    batches = batch_list(scope=scope_of(request), term=term)
    found = [b for b in batches if b.batch_no == batch_no]
    if not found:
        raise Http404("没有这个代发批次，或该批次不在您的管辖范围内")
    path = bank_file_export(actor=viewer_of(request).actor, batch=found[0])
    if path is None:
        raise Http404("这个批次的代发文件已不在服务器上")
    return FileResponse(path.open("rb"), as_attachment=True, filename=Path(path).name)

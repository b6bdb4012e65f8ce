"""Payments: a term's batches with their bank's answers, a `pay export` for the user's county
as a background job, a batch's bank file (personal data: an export event), and the upload of
a 银行回盘 file of the county's own batches."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zizhu.payments.selectors import batch_list
from zizhu.registry.selectors import term_codes
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.exports import bank_file_export
from zizhu.web.figures import payments_figures
from zizhu.web.forms import ReturnsForm
from zizhu.web.jobs import JobRefused, pay_export_job_start, returns_job_start
from zizhu.web.views.common import scope_of, term_of

PAYMENT_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR)


def _counties(request: HttpRequest) -> list[str] | None:
    county = scope_of(request).county
    return None if county is None else [county]


@role_required(*PAYMENT_VIEWERS)
def payments(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    term = term_of(request)
    form = ReturnsForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if scope.read_only:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                job = returns_job_start(
                    scope=scope, user=request.user, term=term, upload=form.cleaned_data["file"]
                )
            except JobRefused as refused:
                form.add_error(None, str(refused))
            else:
                return redirect("web:job", job_id=job.pk)
    counties = _counties(request)
    return render(
        request,
        "web/payments.html",
        {
            "term": term, "terms": term_codes(), "form": form, "can_pay": not scope.read_only,
            # The same for everyone with this scope until the data changes.
            "figures": payments_figures(term=term, counties=counties),
        },
    )  # fmt: skip


@require_POST
@role_required(Role.CITY, Role.COUNTY)
def pay_export_start(request: HttpRequest) -> HttpResponse:
    started = pay_export_job_start(user=request.user, term=term_of(request))
    messages.info(request, "已开始生成代发批次")
    return redirect("web:job", job_id=started.pk)


@role_required(*PAYMENT_VIEWERS)
def batch_file(request: HttpRequest, batch_no: str) -> FileResponse:
    term = term_of(request)
    found = [b for b in batch_list(term, counties=_counties(request)) if b.batch_no == batch_no]
    if not found:
        raise Http404("没有这个代发批次，或该批次不在您的管辖范围内")
    path = bank_file_export(actor=scope_of(request).actor, batch=found[0])
    if path is None:
        raise Http404("这个批次的代发文件已不在服务器上")
    return FileResponse(path.open("rb"), as_attachment=True, filename=Path(path).name)

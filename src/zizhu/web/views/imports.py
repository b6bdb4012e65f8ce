"""Imports: upload a file of any kind the user may, follow the background job, confirm a
roster replacement that takes students off, download the error file; a blank template per
kind."""

from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.core.errors import Code, Refused
from zizhu.core.tally import NOTHING, tally_check
from zizhu.intake.kinds import import_kinds
from zizhu.registry.selectors import term_list
from zizhu.web.access import role_required
from zizhu.web.exports import error_file_export
from zizhu.web.forms import ImportForm, TallyForm
from zizhu.web.import_templates import template_xlsx
from zizhu.web.jobs import (
    entitle_job_start,
    import_cancel,
    import_confirm,
    import_job_start,
    job_bar,
    job_rerun,
    uploadable_kinds,
)
from zizhu.web.selectors import job_of_user, jobs_of_user
from zizhu.web.steps import lists_today
from zizhu.web.views.common import term_of, viewer_of

IMPORTERS_ROLES = ("CITY", "COUNTY", "SCHOOL", "DEPARTMENT")


@role_required(*IMPORTERS_ROLES)
def imports(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    kinds = {k.code: k.name for k in uploadable_kinds(viewer)}
    terms = {t.code: t.name for t in reversed(term_list())}  # newest first, by name
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds, terms=terms)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                viewer=viewer, user=request.user, kind=form.cleaned_data["kind"],
                term=form.cleaned_data["term"], upload=form.cleaned_data["file"],
                partial=form.cleaned_data["partial"],
            )  # fmt: skip
        except Refused as refused:
            form.add_error(None, f"未导入：{refused.message}")
        else:
            return redirect("web:job", job_id=job.pk)
    return render(
        request,
        "web/imports.html",
        {"form": form, "kinds": kinds, "jobs": jobs_of_user(user=request.user)},
    )


@role_required(*IMPORTERS_ROLES)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    found = import_kinds().get(kind)
    if found is None:
        raise Http404("没有这类模板")
    response = HttpResponse(
        template_xlsx(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = urllib.parse.quote(f"{found.name}模板.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@role_required(*IMPORTERS_ROLES)
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = job_of_user(user=request.user, job_id=job_id)
    if found is None:
        raise Http404("没有这项任务")
    template = "web/_job_progress.html" if request.htmx else "web/job.html"  # type: ignore[attr-defined]
    context = {"job": found, "bar": job_bar(found)}
    return render(request, template, context)


@require_POST
@role_required(*IMPORTERS_ROLES)
def job_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    """The officer confirms a previewed roster replacement that takes students off."""
    try:
        import_confirm(user=request.user, job_id=job_id)
    except Refused as refused:
        raise Http404(refused.message) from refused
    return redirect("web:job", job_id=job_id)


@require_POST
@role_required(*IMPORTERS_ROLES)
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        import_cancel(user=request.user, job_id=job_id)
    except Refused as refused:
        raise Http404(refused.message) from refused
    messages.info(request, "已取消，未做任何更改")
    return redirect("web:job", job_id=job_id)


@require_POST
@role_required(*IMPORTERS_ROLES)
def job_again(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        job_rerun(user=request.user, job_id=job_id)
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("web:job", job_id=job_id)


@role_required(*IMPORTERS_ROLES)
def job_errors(request: HttpRequest, job_id: int) -> FileResponse:
    found = job_of_user(user=request.user, job_id=job_id)
    if found is None:
        raise Http404("没有这项任务")
    path = error_file_export(actor=viewer_of(request).actor, job=found)
    if path is None:
        raise Http404("这项任务没有错误文件")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"错误原因-{path.name}")


@role_required("CITY", "COUNTY")
def entitle_start(request: HttpRequest) -> HttpResponse:
    """GET: today's lists, which 计算名单 rewrites. POST: start it, if they are still so."""
    term = term_of(request)
    scope = viewer_of(request).scope
    lines = lists_today(scope=scope, term=term)
    today = sum((t for _, t in lines), NOTHING)
    if request.method == "POST":
        form = TallyForm(request.POST)
        try:
            if not form.is_valid():
                raise Refused(Code.COUNTS_CHANGED, "请先查看现有名单的人数和金额，再计算")
            tally_check(expected=form.tally(), found=today)
        except Refused as refused:
            messages.error(request, f"未开始计算：{refused.message}")
            return redirect(reverse("web:entitle") + f"?term={term}")
        started = entitle_job_start(user=request.user, term=term)
        messages.info(request, "已开始计算名单")
        return redirect("web:job", job_id=started.pk)
    return render(
        request,
        "web/step_confirm.html",
        {
            "title": "计算名单", "term": term, "what": "现有名单（将按最新数据重新计算）",
            "lines": lines, "tally": today, "allow_empty": True,
            "action": reverse("web:entitle"), "button": "开始计算（后台运行）",
            "back": reverse("web:dashboard"),
            "note": "计算名单按最新的学籍、部门名单和学校认定重新算出每个项目的待审核名单；"
            "已审批、学校排除和补录的记录不变。计算后名单若有变动，须重新公示。",
        },
    )  # fmt: skip

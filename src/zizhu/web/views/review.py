"""NAME_MISMATCH review and department list summaries (the audit trail: views/trail.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.core.errors import Refused
from zizhu.hardship.selectors import (
    list_match_summaries,
    name_mismatch_in_scope,
    name_mismatch_rows,
)
from zizhu.hardship.services import name_mismatch_confirm
from zizhu.registry.selectors import term_codes
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.forms import NoteForm
from zizhu.web.list_downloads import mismatches_download
from zizhu.web.listexport import download_asked
from zizhu.web.views.common import PAGE_SIZE, page_of, term_name, term_of, unit_name, viewer_of


@role_required(Role.CITY, Role.COUNTY, Role.AUDITOR)
def mismatches(request: HttpRequest) -> HttpResponseBase:
    viewer = viewer_of(request)
    term = term_of(request)
    rows = name_mismatch_rows(scope=viewer.scope, term=term)
    if download_asked(request):
        return mismatches_download(
            viewer=viewer, title=f"{unit_name(viewer.scope)}{term_name(term)}姓名不一致待核实名单",
            filters=[], rows=rows,
        )  # fmt: skip
    page = page_of(request)
    return render(
        request,
        "web/mismatches.html",
        {
            "term": term, "terms": term_codes(), "can_confirm": not viewer.read_only,
            "rows": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], "total": len(rows),
            "page": page, "pages": max(1, -(-len(rows) // PAGE_SIZE)),
        },
    )  # fmt: skip


@require_POST
@role_required(Role.CITY, Role.COUNTY)
def mismatch_confirm(request: HttpRequest, mismatch_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    if not name_mismatch_in_scope(scope=viewer.scope, mismatch_id=mismatch_id):
        raise Http404("没有这条姓名不一致记录")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        name_mismatch_confirm(
            scope=viewer.scope, actor=viewer.actor, mismatch_id=mismatch_id, note=note
        )
        messages.success(request, "已确认为同一人；重新计算名单后生效")
    except Refused as missing:
        raise Http404(missing.message) from missing
    return redirect(reverse("web:mismatches") + f"?term={term_of(request)}")


@role_required(Role.CITY, Role.AUDITOR, Role.DEPARTMENT)
def departments(request: HttpRequest) -> HttpResponse:
    kind = viewer_of(request).scope.department
    rows = cached("departments", kind, compute=lambda: list_match_summaries(kind=kind))
    return render(request, "web/departments.html", {"rows": rows})

"""Audit findings of a term: filtered by check, county and program within the user's scope,
the checks run as a background job, a finding resolved with a note."""

from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import program_names
from zizhu.audit.selectors import check_names, finding_in_scope, finding_rows
from zizhu.audit.services import finding_resolve
from zizhu.core.errors import Refused
from zizhu.registry.constants import ZHANJIANG_COUNTIES
from zizhu.registry.selectors import term_codes
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.forms import ResolveForm
from zizhu.web.jobs import audit_job_start
from zizhu.web.views.common import PAGE_SIZE, narrowed_scope, page_of, term_of, viewer_of


@role_required(Role.CITY, Role.COUNTY, Role.AUDITOR)
def findings(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    scope = viewer.scope
    term = term_of(request)
    check = request.GET.get("check", "").strip()
    program = request.GET.get("program", "").strip()
    narrowed, county = narrowed_scope(request)
    page = page_of(request)
    found = cached(
        "findings", term, check, program, narrowed.key, page,
        compute=lambda: finding_rows(
            scope=narrowed, term=term, check=check or None, program=program or None,
            offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        ),
    )  # fmt: skip
    query = urllib.parse.urlencode(
        {
            k: v
            for k, v in {"term": term, "check": check, "program": program, "county": county}.items()
            if v
        }  # fmt: skip
    )
    return render(
        request,
        "web/findings.html",
        {
            "term": term, "terms": term_codes(), "found": found, "checks": check_names(),
            "names": program_names(term=term), "check": check, "program": program,
            "county": county, "counties": {} if scope.county else ZHANJIANG_COUNTIES,
            "page": page, "pages": max(1, -(-found.total // PAGE_SIZE)), "query": query,
            "can_resolve": not viewer.read_only, "can_run": viewer.role == Role.CITY,
            "form": ResolveForm(),
        },
    )  # fmt: skip


@require_POST
@role_required(Role.CITY)
def audit_start(request: HttpRequest) -> HttpResponse:
    started = audit_job_start(user=request.user, term=term_of(request))
    messages.info(request, "已开始审计")
    return redirect("web:job", job_id=started.pk)


@require_POST
@role_required(Role.CITY, Role.COUNTY)
def finding_resolve_view(request: HttpRequest, finding_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    if not finding_in_scope(scope=viewer.scope, finding_id=finding_id):
        raise Http404("没有这个问题，或该问题不在您的管辖范围内")
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        finding_resolve(scope=viewer.scope, actor=viewer.actor, finding_id=finding_id, note=note)
        messages.success(request, "已处理")
    except Refused as refused:
        messages.error(request, refused.message)
    back = request.POST.get("query", "")
    return redirect(reverse("web:findings") + "?" + urllib.parse.urlencode(
        dict(urllib.parse.parse_qsl(back))))  # fmt: skip

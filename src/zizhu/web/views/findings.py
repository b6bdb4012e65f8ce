"""Audit findings of a term: open, resolved or cleared, filtered by check, county and program
within the user's scope, each with the students and records it concerns; the checks run as a
background job. A finding's own page shows its history and lets a county hand it to a
school, the school answer, and the county resolve it."""

from __future__ import annotations

import urllib.parse

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zizhu.aid.selectors import program_names
from zizhu.audit.constants import FindingStatus
from zizhu.audit.selectors import (
    FindingLinks,
    FindingPage,
    check_names,
    finding_history,
    finding_in_scope,
    finding_line,
    finding_links,
    finding_rows,
)
from zizhu.audit.services import finding_answer, finding_hand, finding_resolve
from zizhu.core.errors import Refused
from zizhu.registry.selectors import county_names, term_codes, term_enrolments
from zizhu.web.access import role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.forms import AnswerForm, HandForm, ResolveForm
from zizhu.web.jobs import audit_job_start
from zizhu.web.list_downloads import findings_download
from zizhu.web.listexport import download_asked
from zizhu.web.views.common import (
    PAGE_SIZE,
    narrowed_scope,
    page_of,
    term_name,
    term_of,
    unit_name,
    viewer_of,
)

FINDING_VIEWERS = (Role.CITY, Role.COUNTY, Role.AUDITOR, Role.SCHOOL)
# The views of the list: a finding's state, or every state ("ALL").
STATES = {**dict(FindingStatus.choices), "ALL": "全部"}


def _link_rights(role: str) -> dict[str, bool]:
    """Which pages a finding's links may lead the user to."""
    offices = role in (Role.CITY, Role.COUNTY, Role.AUDITOR)
    return {"sees_batches": offices, "mismatch_page": offices}


@role_required(*FINDING_VIEWERS)
def findings(request: HttpRequest) -> HttpResponseBase:
    viewer = viewer_of(request)
    term = term_of(request)
    check = request.GET.get("check", "").strip()
    program = request.GET.get("program", "").strip()
    state = request.GET.get("state", FindingStatus.OPEN).strip()
    if state not in STATES:
        raise Http404("没有这种问题状态")
    narrowed, county = narrowed_scope(request)
    if download_asked(request):
        names = program_names(term=term)
        return findings_download(
            viewer=viewer, title=f"{unit_name(narrowed)}{term_name(term)}审计问题",
            filters=[("状态", STATES[state]), ("检查项", check_names().get(check, "")),
                     ("资助项目", names.get(program, ""))],
            names=names,
            fetch=lambda offset, limit: finding_rows(
                scope=narrowed, term=term, check=check or None, program=program or None,
                status=None if state == "ALL" else state, offset=offset, limit=limit,
            ),
        )  # fmt: skip
    page = page_of(request)

    def compute() -> tuple[FindingPage, dict[int, FindingLinks]]:
        found = finding_rows(
            scope=narrowed, term=term, check=check or None, program=program or None,
            status=None if state == "ALL" else state, offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )  # fmt: skip
        return found, finding_links(scope=narrowed, term=term, findings=found.rows)

    found, links = cached("findings", term, check, program, state, narrowed.key, page,
                          compute=compute)  # fmt: skip
    query = urllib.parse.urlencode({
        k: v for k, v in {"term": term, "check": check, "program": program, "county": county,
                          "state": state}.items() if v
    })  # fmt: skip
    return render(
        request,
        "web/findings.html",
        {
            "term": term, "terms": term_codes(), "found": found, "checks": check_names(),
            "rows": [(f, links[f.id]) for f in found.rows],
            "names": program_names(term=term), "check": check, "program": program,
            "state": state, "states": STATES, "county": county,
            "counties": {} if viewer.scope.county else county_names(),
            "page": page, "pages": max(1, -(-found.total // PAGE_SIZE)), "query": query,
            "can_resolve": viewer.role in (Role.CITY, Role.COUNTY),
            "can_run": viewer.role == Role.CITY, **_link_rights(viewer.role),
        },
    )  # fmt: skip


@role_required(*FINDING_VIEWERS)
def finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    line = finding_line(scope=viewer.scope, finding_id=finding_id)
    if line is None:
        raise Http404("没有这个问题，或该问题不在您的管辖范围内")
    links = finding_links(scope=viewer.scope, term=line.term, findings=[line])[line.id]
    is_open = line.status == FindingStatus.OPEN
    handles = viewer.role in (Role.CITY, Role.COUNTY) and is_open
    schools = []
    if handles:  # the schools the student is on the roll of, inside the county
        on_roll = term_enrolments(scope=viewer.scope, term=line.term, person_ids=[line.person_id])
        schools = [e for e in on_roll.get(line.person_id, []) if e.in_scope]
    return render(
        request,
        "web/finding.html",
        {
            "f": line, "links": links, "names": program_names(term=line.term),
            "history": finding_history(scope=viewer.scope, finding_id=finding_id),
            "can_hand": handles, "can_resolve": handles, "schools": schools,
            "can_answer": viewer.role == Role.SCHOOL and is_open, **_link_rights(viewer.role),
        },
    )  # fmt: skip


@require_POST
@role_required(Role.CITY)
def audit_start(request: HttpRequest) -> HttpResponse:
    started = audit_job_start(user=request.user, term=term_of(request))
    messages.info(request, "已开始审计")
    return redirect("web:job", job_id=started.pk)


def _in_scope_or_404(request: HttpRequest, finding_id: int) -> None:
    if not finding_in_scope(scope=viewer_of(request).scope, finding_id=finding_id):
        raise Http404("没有这个问题，或该问题不在您的管辖范围内")


@require_POST
@role_required(Role.CITY, Role.COUNTY)
def finding_resolve_view(request: HttpRequest, finding_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    _in_scope_or_404(request, finding_id)
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        finding_resolve(scope=viewer.scope, actor=viewer.actor, finding_id=finding_id, note=note)
        messages.success(request, "已处理")
    except Refused as refused:
        messages.error(request, refused.message)
    if request.POST.get("from") == "finding":
        return redirect("web:finding", finding_id=finding_id)
    back = request.POST.get("query", "")
    return redirect(reverse("web:findings") + "?" + urllib.parse.urlencode(
        dict(urllib.parse.parse_qsl(back))))  # fmt: skip


@require_POST
@role_required(Role.CITY, Role.COUNTY)
def finding_hand_view(request: HttpRequest, finding_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    _in_scope_or_404(request, finding_id)
    form = HandForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        finding_hand(scope=viewer.scope, actor=viewer.actor, finding_id=finding_id,
                     school=data.get("school") or "", note=data.get("note") or "")  # fmt: skip
        messages.success(request, "已交学校核查")
    except Refused as refused:
        messages.error(request, f"未交办：{refused.message}")
    return redirect("web:finding", finding_id=finding_id)


@require_POST
@role_required(Role.SCHOOL)
def finding_answer_view(request: HttpRequest, finding_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    _in_scope_or_404(request, finding_id)
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        finding_answer(scope=viewer.scope, actor=viewer.actor, finding_id=finding_id, note=note)
        messages.success(request, "已答复，待县区处理")
    except Refused as refused:
        messages.error(request, f"未答复：{refused.message}")
    return redirect("web:finding", finding_id=finding_id)

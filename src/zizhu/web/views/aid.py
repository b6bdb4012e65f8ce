"""Aid lists per program: the list itself (counted as every page counts it), each school's
part and the lists sent back, and the county's 公示 records. The changes are in
`aid_review` (school and county review) and `aid_approval` (公示 and approval)."""

from __future__ import annotations

import urllib.parse

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from zizhu.aid.constants import COUNTED, EntitlementStatus
from zizhu.aid.selectors import (
    ProgressRow,
    entitlement_rows,
    list_states,
    program_names,
    progress_by_county_program,
    publicity_rows,
    school_parts,
    send_backs,
)
from zizhu.core.scope import Level
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.caching import cached
from zizhu.web.constants import Role
from zizhu.web.forms import AddForm, PublicityCorrectForm, PublicityForm, WithdrawForm
from zizhu.web.list_downloads import aid_list_download
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

# The list's filter: by default the rows every page counts; "ALL" shows every state.
ALL = "ALL"
STATUS_CHOICES = [("", "计入名单（待审核、学校已确认、已审批）"), *EntitlementStatus.choices,
                  (ALL, "全部状态")]  # fmt: skip


def program_or_404(term: str, program: str) -> str:
    if program not in program_names(term=term):
        raise Http404("没有这个资助项目")
    return program


def back_to_list(term: str, program: str, county: str = "") -> HttpResponse:
    query = urllib.parse.urlencode({"term": term, **({"county": county} if county else {})})
    return redirect(reverse("web:aid_list", args=[program]) + "?" + query)


@role_required(*STUDENT_VIEWERS)
def aid_index(request: HttpRequest) -> HttpResponse:
    term = term_of(request)
    return render(request, "web/aid_index.html", {"term": term, "names": program_names(term=term)})


@role_required(*STUDENT_VIEWERS)
def aid_list(request: HttpRequest, program: str) -> HttpResponseBase:
    viewer = viewer_of(request)
    term = term_of(request)
    program_or_404(term, program)
    narrowed, county = narrowed_scope(request)
    status = request.GET.get("status", "").strip()
    if status not in {code for code, _ in STATUS_CHOICES}:
        raise Http404("没有这个状态")
    if download_asked(request):
        return aid_list_download(
            viewer=viewer, title=f"{unit_name(narrowed)}{term_name(term)}"
            f"{program_names(term=term)[program]}名单",
            filters=[("状态", dict(STATUS_CHOICES).get(status, ""))],
            fetch=lambda offset, limit: entitlement_rows(
                scope=narrowed, term=term, program=program,
                status=status if status not in ("", ALL) else None,
                statuses=COUNTED if status == "" else None, offset=offset, limit=limit,
            ),
        )  # fmt: skip
    page = page_of(request)
    # A city's list is counted over tens of thousands of rows; the first pages are what
    # everyone opens, so a page is kept until the data changes.
    found = cached(
        "aid_list", term, program, status, page, narrowed.key,
        compute=lambda: entitlement_rows(
            scope=narrowed, term=term, program=program,
            status=status if status not in ("", ALL) else None,
            statuses=COUNTED if status == "" else None,
            offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        ),
    )  # fmt: skip
    progress = [
        r
        for r in cached("progress", term, narrowed.key,
                        compute=lambda: progress_by_county_program(scope=narrowed, term=term))
        if r.program == program
    ]  # fmt: skip
    # Each school's part and the 公示 records: for one county (a county officer's own, or a
    # county the city picked) or a school's own.
    one_county = narrowed.level in (Level.COUNTY, Level.SCHOOL)
    parts = (
        cached("school_parts", term, program, narrowed.key,
               compute=lambda: school_parts(scope=narrowed, term=term, program=program))
        if one_county else []
    )  # fmt: skip
    publicities = publicity_rows(scope=narrowed, term=term, program=program) if one_county else []
    states = (
        []
        if one_county
        else [s for s in list_states(scope=narrowed, term=term) if s.program == program]
    )
    is_county = viewer.role == Role.COUNTY
    query = urllib.parse.urlencode({"term": term, "county": county, "status": status})
    return render(
        request,
        "web/aid_list.html",
        {
            "term": term, "program": program, "program_name": program_names(term=term)[program],
            "found": found, "status": status, "status_choices": STATUS_CHOICES, "county": county,
            "page": page, "pages": max(1, -(-found.total // PAGE_SIZE)), "query": query,
            "summary": _summary(progress), "parts": parts, "publicities": publicities,
            "states": states,
            "sent_back": send_backs(scope=narrowed, term=term, program=program)
            if viewer.role == Role.SCHOOL else [],
            "is_school": viewer.role == Role.SCHOOL, "is_county": is_county,
            "can_exclude": viewer.role in (Role.SCHOOL, Role.COUNTY),
            "add_form": AddForm(), "publicity_form": PublicityForm(),
            "correct_form": PublicityCorrectForm(), "withdraw_form": WithdrawForm(),
        },
    )  # fmt: skip


def _summary(rows: list[ProgressRow]) -> dict[str, int]:
    """The list's figures, as the dashboard counts them (the same selector)."""
    keys = ("students", "amount_fen", "draft", "confirmed", "approved", "excluded", "held")
    return {key: sum(getattr(r, key) for r in rows) for key in keys}

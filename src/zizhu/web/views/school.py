"""A school's own page: its programs this term with 人数, 金额 and state, what is waiting
for it (drafts to confirm, lists the county sent back, findings handed to it), and its
students' payments. A school officer lands here after signing in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.aid.selectors import program_names, school_parts, send_backs
from zizhu.audit.selectors import findings_handed
from zizhu.payments.selectors import payment_rows
from zizhu.registry.selectors import school_rows, term_codes
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.views.common import PAGE_SIZE, page_of, term_of, viewer_of


@role_required(Role.SCHOOL)
def school_home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    scope = viewer.scope
    term = term_of(request)
    page = page_of(request)
    names = program_names(term=term)
    parts = school_parts(scope=scope, term=term)
    own = school_rows(scope=scope)
    payments = payment_rows(scope=scope, term=term, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return render(
        request,
        "web/school.html",
        {
            "term": term, "terms": term_codes(), "names": names,
            "school": own[0] if own else None, "parts": parts,
            "to_confirm": [p for p in parts if p.draft],
            "sent_back": send_backs(scope=scope, term=term),
            "handed": findings_handed(scope=scope, term=term),
            "payments": payments, "page": page,
            "pages": max(1, -(-payments.total // PAGE_SIZE)), "query": f"term={term}",
        },
    )  # fmt: skip

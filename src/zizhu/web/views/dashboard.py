"""The dashboard: this term's aid lists by county and program, every number a link, with the
发放率 (paid / due), the overdue and the open audit findings of each line."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.aid.selectors import program_names, progress_by_county_program
from zizhu.audit.selectors import finding_counts
from zizhu.payments.selectors import Disbursed, disbursement
from zizhu.registry.selectors import term_codes
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.labels import label
from zizhu.web.views.common import scope_of, term_of


@role_required(*STUDENT_VIEWERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    term = term_of(request)
    rows = progress_by_county_program(term=term, **scope.filters())
    # 发放率 and findings are kept per county: a school officer's page goes without them.
    per_county = scope.school is None
    counties_scope = None if scope.county is None else [scope.county]
    paid: dict[tuple[str, str], Disbursed] = {}
    found: dict[tuple[str, str], int] = {}
    total_paid, open_findings = None, None
    if per_county:
        money = disbursement(term, counties=counties_scope)
        paid = {(d.county or "", d.program or ""): d for d in money.lines}
        total_paid = money.total
        counts = finding_counts(term=term, counties=counties_scope)
        found = {(f.county, f.program or ""): f.count for f in counts}
        open_findings = sum(f.count for f in counts)
    names = program_names(term=term)
    counties = sorted({r.county for r in rows})
    chart = {
        "counties": [label("county", c) for c in counties],
        "series": [
            {
                "name": names.get(code, code),
                "data": [
                    sum(r.students for r in rows if r.county == c and r.program == code)
                    for c in counties
                ],
            }
            for code in names
            if any(r.program == code for r in rows)
        ],
    }
    totals = {
        "students": sum(r.students for r in rows),
        "amount_fen": sum(r.amount_fen for r in rows),
        "approved": sum(r.approved for r in rows),
        "approved_fen": sum(r.approved_fen for r in rows),
    }
    return render(
        request,
        "web/dashboard.html",
        {
            "term": term,
            "terms": term_codes(),
            "rows": [
                (r, paid.get((r.county, r.program)), found.get((r.county, r.program), 0))
                for r in rows
            ],
            "per_county": per_county,
            "total_paid": total_paid,
            "open_findings": open_findings,
            "names": names,
            "chart": chart,
            "totals": totals,
            "can_entitle": scope.role in ("CITY", "COUNTY"),
        },
    )

"""The dashboard: this term's aid lists by county and program, every number a link, with the
发放率 (paid / due), the overdue and the open audit findings of each line."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from zizhu.aid.selectors import program_names, progress_by_county_program
from zizhu.audit.selectors import finding_counts
from zizhu.payments.selectors import disbursement
from zizhu.registry.selectors import term_codes
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.caching import cached
from zizhu.web.labels import label
from zizhu.web.scope import ScopeFilters
from zizhu.web.views.common import scope_of, term_of


@role_required(*STUDENT_VIEWERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    term = term_of(request)
    filters = scope.filters()
    # The figures are the same for everyone with this scope until the data changes: they are
    # rendered once per data version, not once per page view.
    figures = cached(
        "dashboard", term, filters, get_language(), compute=lambda: _figures(term, filters)
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "term": term,
            "terms": term_codes(),
            "figures": figures,
            "can_entitle": scope.role in ("CITY", "COUNTY"),
        },
    )


def _figures(term: str, filters: ScopeFilters) -> SafeString:
    """The totals, the chart's data and the table by county and program, as HTML. 发放率 and
    findings are kept per county: a school officer's page goes without them."""
    rows = progress_by_county_program(term=term, **filters)
    per_county = filters["school"] is None
    counties_scope = None if filters["county"] is None else [filters["county"]]
    paid, found, total_paid, open_findings = {}, {}, None, None
    if per_county:
        money = disbursement(term, counties=counties_scope)
        paid = {(d.county or "", d.program or ""): d for d in money.lines}
        total_paid = money.total
        counts = finding_counts(term=term, counties=counties_scope)
        found = {(f.county, f.program or ""): f.count for f in counts}
        open_findings = sum(f.count for f in counts)
    names = program_names(term=term)
    counties = sorted({r.county for r in rows})
    students = {(r.county, r.program): r.students for r in rows}
    chart = {
        "counties": [label("county", c) for c in counties],
        "series": [
            {"name": name, "data": [students.get((c, code), 0) for c in counties]}
            for code, name in names.items()
            if any(r.program == code for r in rows)
        ],
    }
    totals = {
        "students": sum(r.students for r in rows),
        "amount_fen": sum(r.amount_fen for r in rows),
        "approved": sum(r.approved for r in rows),
        "approved_fen": sum(r.approved_fen for r in rows),
    }
    html = render_to_string(
        "web/_dashboard_figures.html",
        {
            "term": term,
            "rows": [
                (
                    r,
                    names.get(r.program, r.program),
                    paid.get((r.county, r.program)),
                    found.get((r.county, r.program), 0),
                )
                for r in rows
            ],  # fmt: skip
            "per_county": per_county,
            "total_paid": total_paid,
            "open_findings": open_findings,
            "chart": chart,
            "totals": totals,
        },
    )
    return SafeString(html)

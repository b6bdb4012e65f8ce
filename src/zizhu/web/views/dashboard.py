"""The dashboard: this term's aid lists by county and program, every number a link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.aid.selectors import program_names, progress_by_county_program
from zizhu.registry.selectors import term_codes
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.labels import label
from zizhu.web.views.common import scope_of, term_of


@role_required(*STUDENT_VIEWERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    term = term_of(request)
    rows = progress_by_county_program(term=term, **scope.filters())
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
            "rows": rows,
            "names": names,
            "chart": chart,
            "totals": totals,
            "can_entitle": scope.role in ("CITY", "COUNTY"),
        },
    )

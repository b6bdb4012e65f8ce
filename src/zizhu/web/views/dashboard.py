"""The dashboard: this term's aid lists by county and program, every number a link, with the
发放率 (paid / due), the overdue and the open audit findings of each line. The chart and the
table follow the chosen term and, for a city-wide user, the chosen county (?county=)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zizhu.core.scope import Level
from zizhu.registry.selectors import county_names, term_codes
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.figures import dashboard_figures
from zizhu.web.views.common import narrowed_scope, term_of, viewer_of


@role_required(*STUDENT_VIEWERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    term = term_of(request)
    scope, county = narrowed_scope(request)  # another jurisdiction's county: a 404
    # The figures are the same for everyone with this scope until the data changes: they are
    # rendered once per data version, not once per page view.
    figures = dashboard_figures(scope=scope, term=term)
    return render(
        request,
        "web/dashboard.html",
        {
            "term": term,
            "terms": term_codes(),
            "county": county,
            "counties": county_names() if viewer.scope.level == Level.CITY else {},
            "figures": figures,
            "can_entitle": viewer.role in ("CITY", "COUNTY"),
        },
    )

"""The figures of the dashboard, the payments page and the year report: sums over a county or
the whole city, rendered as HTML once per scope and data version (zizhu.web.caching), not once
per page view. The background worker renders the city's after each job, so the first officer
after an import, a payment export or an audit does not wait for them."""

from __future__ import annotations

import contextlib
import urllib.parse
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from zizhu.aid.selectors import program_names, progress_by_county_program
from zizhu.audit.selectors import finding_counts
from zizhu.core.errors import Refused
from zizhu.core.scope import Level, Scope
from zizhu.payments.constants import PaymentStatus
from zizhu.payments.selectors import batch_list, disbursement
from zizhu.reports.selectors import ProgramLine, YearReport, year_report
from zizhu.web.caching import cached
from zizhu.web.charts import report_chart
from zizhu.web.labels import label


def dashboard_figures(*, scope: Scope, term: str) -> SafeString:
    return cached("dashboard", term, scope.key, compute=lambda: _dashboard(term, scope))


def payments_figures(*, scope: Scope, term: str) -> SafeString:
    return cached("payments", term, scope.key, compute=lambda: _payments(term, scope))


def year_report_of(*, scope: Scope, year: int) -> YearReport:
    """The year report of the city or a county (Refused when it cannot be made)."""
    return cached(
        "year_report", year, scope.key, compute=lambda: year_report(scope=scope, year=year)
    )


def report_figures(*, scope: Scope, year: int) -> SafeString:
    found = year_report_of(scope=scope, year=year)
    return cached("report_html", year, scope.key, compute=lambda: _report(found, year, scope))


def city_figures_warm(*, term: str) -> None:
    """Render the city's figures of `term` and its year now, in the background worker."""
    city = Scope.city()
    dashboard_figures(scope=city, term=term)
    payments_figures(scope=city, term=term)
    with contextlib.suppress(Refused):  # no report for the year yet: its page says why
        report_figures(scope=city, year=int(term[:4]))


def _dashboard(term: str, scope: Scope) -> SafeString:
    """The totals, the chart's data and the table by county and program, as HTML. 发放率 and
    findings are kept per county: a school officer's page goes without them."""
    rows = progress_by_county_program(scope=scope, term=term)
    per_county = scope.level != Level.SCHOOL
    paid, found, total_paid, open_findings = {}, {}, None, None
    if per_county:
        money = disbursement(scope=scope, term=term)
        paid = {(d.county or "", d.program or ""): d for d in money.lines}
        total_paid = money.total
        counts = finding_counts(scope=scope, term=term)
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


def _payments(term: str, scope: Scope) -> SafeString:
    """The term's totals, batches with their bank's answers, and 发放率 by county and program."""
    return render_to_string(
        "web/_payments_figures.html",
        {
            "term": term, "names": program_names(term=term),
            "batches": batch_list(scope=scope, term=term),
            "disbursement": disbursement(scope=scope, term=term),
        },
    )  # fmt: skip


def _report(found: YearReport, year: int, scope: Scope) -> SafeString:
    """The report's charts and tables, each term's count linking to the payments behind it."""
    own = scope.county or ""
    return render_to_string(
        "web/_report_figures.html",
        {
            "report": found, "year": year, "chart": report_chart(found, scope),
            "programs": [(p, _cells(found, p, own)) for p in found.programs],
            "total": _cells(found, found.total, own),
            "counties": [(c, _cells(found, c, c.county)) for c in found.counties],
        },
    )  # fmt: skip


def _list_url(program: str, term: str, county: str) -> str:
    """The students behind a count: the term's successful payments of the program (and the
    county), one per entitlement paid, exactly what the count counts."""
    query = {
        "term": term, **({"county": county} if county else {}), "program": program,
        "status": PaymentStatus.SUCCEEDED.value,
    }  # fmt: skip
    return reverse("web:payment_list") + "?" + urllib.parse.urlencode(query)


def _cells(report: YearReport, line: ProgramLine, county: str) -> list[dict[str, Any]]:
    cells = [
        {"students": tally.students, "amount_fen": tally.amount_fen,
         "url": _list_url(line.code, term, county) if line.code and tally.students else ""}
        for term, tally in line.terms.items()
    ]  # fmt: skip
    return [*cells, {"students": line.year.students, "amount_fen": line.year.amount_fen, "url": ""}]

"""The data of the year report's charts (ECharts, drawn by static/web/report_chart.js from the
page's json_script: the Content-Security-Policy runs no inline script). Made with the report's
tables and cached with them (zizhu.web.figures), never once per page view."""

from __future__ import annotations

from typing import Any

from zizhu.core.money import percent
from zizhu.core.scope import Scope
from zizhu.payments.selectors import disbursement
from zizhu.reports.selectors import YearReport
from zizhu.web.labels import label


def report_chart(found: YearReport, scope: Scope) -> dict[str, Any]:
    """Three charts: each program's person-times by term; each county's person-times of the
    year by program (stacked); each county's 发放率 over the year's terms (paid / due by
    headcount, as the report counts it; null where nothing was due)."""
    programs = found.programs  # every program of the catalogue, as the table lists them
    by_term = [
        {"name": t.name, "data": [p.terms[t.code].students for p in programs]} for t in found.terms
    ]
    county_codes = sorted({line.county for line in found.counties})
    county_names = {line.county: line.county_name for line in found.counties}
    paid = {(line.county, line.code): line.year.students for line in found.counties}
    by_program = [  # only the programs paid: a stack of zeros is a legend without a bar
        {"name": p.name, "data": [paid.get((c, p.code), 0) for c in county_codes]}
        for p in programs
        if p.year.students
    ]
    return {
        "terms": [t.name for t in found.terms],
        "programs": [p.name for p in programs],
        "by_term": by_term,
        "counties": [county_names[c] for c in county_codes],
        "by_program": by_program,
        "rates": _county_rates(found, scope),
    }


def _county_rates(found: YearReport, scope: Scope) -> dict[str, Any]:
    due: dict[str, int] = {}
    done: dict[str, int] = {}
    for term in found.terms:
        for line in disbursement(scope=scope, term=term.code).counties:
            county = line.county or ""
            due[county] = due.get(county, 0) + line.due
            done[county] = done.get(county, 0) + line.paid
    codes = sorted(due)
    rates = [percent(done[c], due[c]) for c in codes]
    return {
        "counties": [label("county", c) for c in codes],
        "data": [None if r is None else float(r) for r in rates],
    }

"""The charts' data (issue 14.4): the year report's three charts count what its tables count,
and the dashboard follows the chosen term and, for the city, the chosen county. The drawing
itself is tested in a real browser (test_browser_figures.py)."""

from __future__ import annotations

import html
import json
import re

from django.urls import reverse

from tests.web.conftest import City, client_for
from tests.web.test_counts_agree import counted_city  # noqa: F401
from zizhu.core.scope import Scope
from zizhu.reports.selectors import year_report


def chart_data(page: str, element_id: str) -> dict:  # type: ignore[type-arg]
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page)
    assert found is not None, element_id
    return json.loads(html.unescape(found.group(1)))


def test_the_year_reports_charts_count_what_its_tables_count(counted_city: City):  # noqa: F811
    page = client_for("city").get(reverse("web:report") + "?year=2019").content.decode()
    data = chart_data(page, "report-chart-data")
    report = year_report(scope=Scope.city(), year=2019)
    assert data["terms"] == [t.name for t in report.terms]
    # Programs by term: each bar is the table's person-times of that program and term.
    shown = {p.name: p for p in report.programs}  # every program, as the table lists them
    assert data["programs"] == list(shown)
    for series, term in zip(data["by_term"], report.terms, strict=True):
        assert series["data"] == [p.terms[term.code].students for p in shown.values()]
    # Counties by program: the stacks add up to the year's total.
    assert sum(sum(s["data"]) for s in data["by_program"]) == report.total.year.students
    assert data["counties"] == ["赤坎区", "霞山区"]
    # 发放率 by county over the year: 赤坎区 paid 4 of 5, 霞山区 2 of 2.
    assert data["rates"] == {"counties": ["赤坎区", "霞山区"], "data": [80.0, 100.0]}
    for holder in ("chart-programs", "chart-counties", "chart-rates"):
        assert f'id="{holder}"' in page
    assert "report_chart.js" in page and "<script>" not in page  # no inline script (CSP)


def test_a_county_officers_report_charts_only_its_county(counted_city: City):  # noqa: F811
    page = client_for("county_in").get(reverse("web:report") + "?year=2019").content.decode()
    data = chart_data(page, "report-chart-data")
    assert data["counties"] == ["赤坎区"] and data["rates"]["counties"] == ["赤坎区"]


def test_the_dashboard_follows_the_county_the_city_chooses(counted_city: City):  # noqa: F811
    client = client_for("city")
    whole = client.get(reverse("web:dashboard") + "?term=2019-2").content.decode()
    assert 'id="dashboard-county"' in whole
    assert chart_data(whole, "chart-data")["counties"] == ["赤坎区", "霞山区"]
    one = client.get(reverse("web:dashboard") + "?term=2019-2&county=440803").content.decode()
    assert chart_data(one, "chart-data")["counties"] == ["霞山区"]
    assert re.search(r'id="total-approved">2<', one)
    assert '<option value="440803" selected>' in one


def test_a_county_officer_neither_chooses_nor_reaches_another_county(counted_city: City):  # noqa: F811
    client = client_for("county_in")
    own = client.get(reverse("web:dashboard") + "?term=2019-2").content.decode()
    assert 'id="dashboard-county"' not in own
    assert client.get(reverse("web:dashboard") + "?term=2019-2&county=440803").status_code == 404
    assert client.get(reverse("web:dashboard") + "?term=2019-2&county=x' OR 1=1").status_code == 404

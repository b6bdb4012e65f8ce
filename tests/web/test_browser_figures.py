"""In a real browser (issue 14.3, 14.4, 14.7): at 1366x768, the common office screen, the
findings and the aid lists keep every header cell as wide as its text and names on one line;
the year report and the dashboard draw their charts; a downloaded list holds the page's
figures as numbers. Screenshots go to test-artifacts/screenshots/."""

# The browser, the live server's city and the page are test_browser's fixtures, imported by
# name so that pytest finds them here too.
# ruff: noqa: F811

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.payments.city import answers, returns_file
from tests.web.conftest import City, pay_city
from tests.web.test_browser import CHROMIUM, browser, city, page, shot, sign_in  # noqa: F401
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")

OFFICE = {"width": 1366, "height": 768}

# Each header cell of the table: its text's width, its own inner width, and the lines its text
# takes (a header squeezed narrower than its text wraps onto a second line).
HEADERS = """(selector) => [...document.querySelectorAll(selector + ' thead th')].map((th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  const style = getComputedStyle(th);
  const inner = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {text: th.innerText.trim(), text_width: range.getBoundingClientRect().width,
          inner: inner, lines: tops.size};
})"""

# The lines each cell of a column takes (names and masked IDs must not break).
LINES = """([selector, column]) => [...document.querySelectorAll(
  selector + ' tbody tr td:nth-child(' + column + ')')].map((td) => {
  const range = document.createRange();
  range.selectNodeContents(td);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
})"""


def assert_headers_fit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    cells = page.evaluate(HEADERS, selector)
    assert cells, selector
    for cell in cells:
        if not cell["text"]:
            continue
        assert cell["lines"] == 1, cell
        assert cell["text_width"] <= cell["inner"] + 1, cell


def test_the_findings_and_an_aid_list_read_at_1366_by_768(page, city: City, tmp_path: Path):  # type: ignore[no-untyped-def]
    pay_city(city, tmp_path)  # approved, paid, audited: findings to show
    page.set_viewport_size(OFFICE)
    sign_in(page, "county_in")
    page.goto(page.base + "/findings/?term=2019-2")
    page.wait_for_selector("#findings tbody tr")
    assert page.locator("#findings tbody tr td.why").count() > 0
    assert_headers_fit(page, "#findings")
    assert all(n == 1 for n in page.evaluate(LINES, ["#findings", 2]))  # students' names
    assert all(n == 1 for n in page.evaluate(LINES, ["#findings", 3]))  # masked IDs
    shot(page, "findings-1366")
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2&status=ALL")
    page.wait_for_selector("#entitlements tbody tr")
    assert_headers_fit(page, "#entitlements")
    assert all(n == 1 for n in page.evaluate(LINES, ["#entitlements", 1]))
    # Figures right-aligned, with separators and two decimals.
    amount = page.locator("#entitlements tbody tr td.num").first
    assert amount.evaluate("(td) => getComputedStyle(td).textAlign") == "right"
    assert amount.inner_text().endswith(".00")
    shot(page, "aid-list-1366")


def test_the_year_report_and_the_dashboard_draw_their_charts(page, city: City, tmp_path: Path):  # type: ignore[no-untyped-def]
    paid = pay_city(city, tmp_path)
    back = returns_file(tmp_path / "back.xlsx", answers(paid.file_a, {}))  # the bank: all paid
    import_run(kind="returns", scope=Scope.city(), path=back, actor="bank")
    page.set_viewport_size(OFFICE)
    sign_in(page, "city")
    page.goto(page.base + "/report/?year=2019")
    for holder in ("#chart-programs", "#chart-counties", "#chart-rates"):
        page.wait_for_selector(f"{holder}[data-drawn] canvas")
        box = page.locator(f"{holder} canvas").first.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 200
    page.hover("#chart-rates canvas")  # ECharts' tooltip, under the CSP
    shot(page, "report-charts")
    page.goto(page.base + "/dashboard/?term=2019-2")
    page.wait_for_selector("#chart[data-drawn] canvas")
    page.select_option("#dashboard-county", "440803")  # the page follows the chosen county
    page.wait_for_url(lambda url: "county=440803" in url)
    page.wait_for_selector("#chart[data-drawn] canvas")
    assert "霞山区" in page.inner_text("h1")
    assert set(page.locator("#progress tbody tr td:first-child").all_inner_texts()) == {"霞山区"}
    shot(page, "dashboard-county")


def test_a_downloaded_payment_list_holds_the_pages_figures_as_numbers(  # type: ignore[no-untyped-def]
    page, city: City, tmp_path: Path
):
    pay_city(city, tmp_path)
    sign_in(page, "city")
    page.goto(page.base + "/payments/list/?term=2019-2")
    page.wait_for_selector("#payment-list")
    shown = page.locator("#payment-list tbody tr td.num").all_inner_texts()
    with page.expect_download() as download:
        page.click("a.download")
    saved = tmp_path / "payments.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    header = [c.value for c in sheet[3]]
    column = header.index("金额（元）") + 1
    cells = [sheet.cell(r, column) for r in range(4, sheet.max_row + 1)]
    assert len(cells) == len(shown) > 0
    for cell, text in zip(cells, shown, strict=True):
        assert isinstance(cell.value, int | float) and cell.number_format == "#,##0.00"
        assert Decimal(text.replace(",", "")) == Decimal(str(cell.value)).quantize(Decimal("0.01"))
    shot(page, "payment-list")

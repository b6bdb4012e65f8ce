"""The main journeys in a real browser (Debian's Chromium, driven by Playwright), against a
live server. Screenshots of the main pages go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.aid.scenario import lists_last_changed_on
from tests.web.conftest import PASSWORD, City, build_city
from tests.web.rosters import school_a_roster

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test
    # are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, tmp_path):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    opened = context.new_page()
    opened.set_default_timeout(15000)
    opened.base = live_server.url
    # Every page of every journey runs under the Content-Security-Policy: a script or style
    # it blocked (an inline one, an eval) is a page that does not fully work.
    blocked: list[str] = []
    opened.on("console", lambda m: blocked.append(m.text)
              if "Content Security Policy" in m.text else None)  # fmt: skip
    yield opened
    context.close()
    assert blocked == []


@pytest.fixture
def city(tmp_path: Path, live_server) -> City:  # type: ignore[no-untyped-def]
    return build_city(tmp_path)


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_school_officer_uploads_a_roster_with_bad_rows_and_downloads_the_error_file(
    page, city: City, tmp_path: Path
):  # type: ignore[no-untyped-def]
    sign_in(page, "school_in")
    page.goto(page.base + "/imports/")
    shot(page, "imports")
    page.select_option("#id_kind", "students")
    page.select_option("#id_term", "2019-2")  # chosen from the Term table, by name
    page.set_input_files("#id_file", str(school_a_roster(tmp_path / "roster.xlsx")))
    page.click("#import-form button[type=submit]")
    # Two students of the school are not in the file: the page shows who would leave first.
    page.wait_for_selector("#job-status:has-text('待确认')")
    assert page.inner_text("#preview-left") == "2" and page.inner_text("#preview-joined") == "2"
    shot(page, "import-preview")
    page.click("#confirm-import")
    page.wait_for_selector("#job-status:has-text('已完成')")
    assert page.inner_text("#accepted") == "2" and page.inner_text("#rejected") == "1"
    assert "移出名册 2 人" in page.inner_text("#roster-changes").replace(" ", " ")
    shot(page, "import-result")
    with page.expect_download() as download:
        page.click("#errors-download")
    saved = tmp_path / "errors.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert sheet.cell(1, sheet.max_column).value == "错误原因"
    assert sheet.max_row == 2  # the header and the one rejected row


def test_a_county_officer_confirms_a_name_mismatch_and_approves_a_list(page, city: City):  # type: ignore[no-untyped-def]
    sign_in(page, "county_in")
    page.goto(page.base + "/dashboard/?term=2019-2")
    assert page.inner_text("#total-approved") == "0"
    before = int(page.inner_text("#total-students"))
    page.goto(page.base + "/mismatches/?term=2019-2")
    shot(page, "mismatches")
    page.click("button.confirm-mismatch")
    page.wait_for_selector("text=已确认为同一人")
    page.goto(page.base + "/dashboard/?term=2019-2")
    page.click("text=计算名单（后台运行）")  # first today's lists, then the job
    page.wait_for_selector("#step")
    page.click("#step-submit")
    page.wait_for_selector("#job-status:has-text('已完成')")
    # The lists as if worked out on 2019-09-10, before the paper 公示 the county records.
    lists_last_changed_on(dt.date(2019, 9, 10))
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2")
    page.fill("#id_start_date", "2019-09-16")
    page.check("#id_on_paper")
    page.click("#record-publicity")
    page.wait_for_selector("text=已登记公示")
    page.click("#approve")
    page.wait_for_selector("#approve-form")
    page.check("#with-unconfirmed")  # no school confirmed: the county's explicit choice
    page.click("#step-submit")
    page.wait_for_selector("text=已审批")
    shot(page, "aid-list")
    page.goto(page.base + "/dashboard/?term=2019-2")
    page.wait_for_function("document.querySelector('#chart canvas') !== null")
    page.hover("#chart canvas")  # ECharts' tooltip, under the CSP
    shot(page, "dashboard")
    # The confirmed mismatch gave a JDLK category: the student is on the lists now, and the
    # approved 普通高中国家助学金 list holds both students of the county.
    assert int(page.inner_text("#total-students")) > before
    assert page.inner_text("#total-approved") == "2"
    page.click("#progress a >> nth=0")
    page.wait_for_selector("#entitlements")
    page.click("#entitlements a >> nth=0")
    page.wait_for_selector("text=为什么")
    shot(page, "student")


def test_the_city_sees_the_audit_trail_and_students(page, city: City):  # type: ignore[no-untyped-def]
    sign_in(page, "city")
    page.goto(page.base + "/students/?q=李")
    shot(page, "students")
    page.goto(page.base + "/audit-trail/")
    page.wait_for_selector("#events")
    assert "登录" in page.inner_text("#events")  # the action in words, not web.login
    shot(page, "audit-trail")
    page.goto(page.base + "/payments/?term=2019-2")
    page.wait_for_selector("#batches")
    shot(page, "payments")
    page.goto(page.base + "/report/?year=2019")
    page.wait_for_selector("#report-programs")
    shot(page, "report")


def test_the_city_adds_a_term_reads_the_catalogue_and_prices_a_draft(  # type: ignore[no-untyped-def]
    page, city: City, tmp_path: Path
):
    from tests.aid.catalogues import edited, sen_grant

    sign_in(page, "city")
    page.click("text=政策与学期")
    assert page.inner_text(".brand") == "湛江市学生资助管理信息系统"
    page.fill("#term_code", "2020-1")
    page.fill("#term_name", "2020年春季学期")
    page.fill("#term_reference_date", "2020-03-01")
    page.fill("#term_payment_due", "2020-06-30")
    page.click("#term-form button[type=submit]")
    page.wait_for_selector("text=学期 2020-1 2020年春季学期：已添加")
    assert "未载入" in page.inner_text("#terms")  # 2020-1 has no catalogue yet
    shot(page, "policy")
    page.click("#terms >> text=第1版 湛江市2019年学生资助政策 >> nth=0")
    page.wait_for_selector("#catalogue-programs")
    assert "寄宿生" in page.inner_text("#catalogue-programs")
    shot(page, "catalogue")
    page.goto(page.base + "/policy/")
    page.select_option("#whatif_term", "2019-2")
    page.set_input_files("#whatif_file", str(edited(tmp_path, sen_grant(amount="1500.00"))))
    page.click("#whatif-form button[type=submit]")
    page.wait_for_selector("#job-status:has-text('已完成')")
    assert "普通高中国家助学金" in page.inner_text("#whatif-programs")
    shot(page, "what-if")


def test_the_city_compares_two_years_from_the_year_report(  # type: ignore[no-untyped-def]
    page, city: City, tmp_path: Path
):
    from zizhu.demo.places import year_load

    year_load(2020, actor="test")  # 2020 opened: its terms and its catalogue
    sign_in(page, "city")
    page.goto(page.base + "/report/?year=2020")
    page.click("#report-compare")
    page.wait_for_selector("#compare-programs")
    assert page.inner_text("h1") == "湛江市2019—2020年学生资助年度对比"
    rows = page.locator("#compare-programs tbody tr")
    assert rows.count() == 8  # the seven programs and the total
    shot(page, "report-compare")
    with page.expect_download() as download:
        page.click("#compare-xlsx")
    saved = tmp_path / "compare.xlsx"
    download.value.save_as(saved)
    assert openpyxl.load_workbook(saved).sheetnames == ["项目对比", "区县对比"]

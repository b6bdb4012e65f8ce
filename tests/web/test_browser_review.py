"""The review's journeys in a real browser (Debian's Chromium, driven by Playwright), each as
the role that does it: a school confirms its list, sees it sent back by the county with a note
and confirms it again; a county records a 公示, corrects it, tries to approve too early and
approves through the confirmation page; a school's own page. Screenshots go to
test-artifacts/screenshots/."""

# The browser, the live server's city and the page are test_browser's fixtures, imported by
# name so that pytest finds them here too.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from tests.aid.scenario import lists_last_changed_on
from tests.web.conftest import SCHOOL_A, City, pay_city
from tests.web.test_browser import CHROMIUM, browser, city, page, shot, sign_in  # noqa: F401
from zizhu.aid.models import Entitlement, Publicity
from zizhu.aid.services import entitlements_confirm
from zizhu.core.scope import Scope

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium not installed")


def as_user(browser, page, username: str):  # type: ignore[no-untyped-def]
    """A fresh browser context signed in as `username`."""
    context = browser.new_context(locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base = page.base
    sign_in(other, username)
    return other


def test_a_school_confirms_sees_its_list_sent_back_and_confirms_it_again(browser, page, city: City):  # type: ignore[no-untyped-def]
    sign_in(page, "school_in")
    assert page.url.endswith("/school/")  # a school lands on its own page
    assert "1 名学生待确认" in page.inner_text("#todo")
    page.click("#todo a:has-text('去确认')")
    page.wait_for_selector("#step")
    assert page.inner_text("#step-count") == "1"
    assert page.inner_text("#step-amount") == "1,000.00"
    shot(page, "confirm-step")
    page.click("#step-submit")
    page.wait_for_selector("text=已确认 1 名学生")
    assert Entitlement.objects.get(school_id=SCHOOL_A).status == "CONFIRMED"

    county = as_user(browser, page, "county_in")
    county.goto(county.base + "/aid/SEN_GRANT/?term=2019-2")
    row = county.locator(f"#schools tr[data-school='{SCHOOL_A}']")
    assert "学校已确认" in row.inner_text()
    row.locator("input[name=note]").fill("请补充李明的家庭经济困难认定材料")
    row.locator("button:has-text('退回')").click()
    county.wait_for_selector("text=已退回学校")
    county.context.close()

    page.goto(page.base + "/school/?term=2019-2")
    todo = page.inner_text("#todo")
    assert "请补充李明的家庭经济困难认定材料" in todo and "1 名学生待确认" in todo
    shot(page, "school-sent-back")
    page.click("#todo li.sent-back a")
    page.wait_for_selector("#sent-back")
    assert "请补充李明的家庭经济困难认定材料" in page.inner_text("#sent-back")
    page.click("#confirm-all")
    page.click("#step-submit")
    page.wait_for_selector("text=已确认 1 名学生")
    page.goto(page.base + "/school/?term=2019-2")
    assert "没有待办事项" in page.inner_text("#todo")


def test_a_county_records_a_publicity_corrects_it_is_refused_too_early_then_approves(
    page, city: City
):  # type: ignore[no-untyped-def]
    entitlements_confirm(scope=Scope.of_school(SCHOOL_A, county="440802"), actor="web:school_in",
                         term="2019-2", program="SEN_GRANT")  # fmt: skip
    lists_last_changed_on(dt.date(2019, 9, 10))  # as if the school had confirmed then
    sign_in(page, "county_in")
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2")
    today = timezone.localdate()
    page.fill("#id_start_date", today.isoformat())  # the county starts a 公示 today
    page.click("#record-publicity")
    page.wait_for_selector("text=已登记公示")
    recorded = page.inner_text("#publicities")
    assert today.isoformat() in recorded and "county_in" in recorded
    # Too early: the 公示 has not lasted its 5 working days.
    page.click("#approve")
    page.wait_for_selector("#approve-form")
    assert "只有 0 个工作日" in page.inner_text(".publicity-refusal")
    page.click("#step-submit")
    page.wait_for_selector("text=审批被拒绝，未做任何更改")
    assert not Entitlement.objects.filter(status="APPROVED").exists()
    # It was in fact held on paper from 2019-09-16: the county corrects the record.
    page.goto(page.base + "/aid/SEN_GRANT/?term=2019-2")
    form = page.locator("form.correct-publicity")
    form.locator("input[name=start_date]").fill("2019-09-16")
    form.locator("input[name=on_paper]").check()
    form.locator("input[name=note]").fill("公示已于9月16日在校张贴，补登纸质公示")
    form.locator("button").click()
    page.wait_for_selector("text=已更正公示记录")
    rows = page.inner_text("#publicities")
    assert "2019-09-16 至 2019-09-20" in rows and "已更正" in rows and "纸质公示" in rows
    shot(page, "publicity-records")
    page.click("#approve")
    page.wait_for_selector("#approve-form")
    assert page.inner_text("#step-count") == "1" and page.inner_text("#step-amount") == "1,000.00"
    assert "公示已满规定的工作日" in page.inner_text(".list-plan")
    shot(page, "approve-step")
    page.click("#step-submit")
    page.wait_for_selector("text=已审批 1 名学生")
    approved = Entitlement.objects.get(school_id=SCHOOL_A)
    assert approved.status == "APPROVED"
    assert approved.approval.publicity == Publicity.objects.get(state="ACTIVE")  # type: ignore[union-attr]


def test_a_school_sees_its_programs_what_waits_for_it_and_its_payments(
    page, city: City, tmp_path: Path
):  # type: ignore[no-untyped-def]
    from zizhu.audit.services import finding_hand

    paid = pay_city(city, tmp_path)
    finding_hand(scope=Scope.of_county("440802"), actor="web:county_in",
                 finding_id=paid.finding_a, school=SCHOOL_A, note="请核实李明的年龄")  # fmt: skip
    sign_in(page, "school_in")
    assert page.url.endswith("/school/")
    programs = page.inner_text("#school-programs")
    assert "普通高中国家助学金" in programs and "1,000.00" in programs and "已审批" in programs
    assert "请核实李明的年龄" in page.inner_text("#todo")
    payments = page.inner_text("#school-payments")
    assert "李明" in payments and "已发送" in payments
    assert "共 1 笔，1,000.00 元" in page.inner_text("#school-payments-total")
    assert "王芳" not in page.content()  # another county's student
    shot(page, "school-page")

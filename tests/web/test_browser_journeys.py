"""Two journeys in a real browser (Debian's Chromium, driven by Playwright), as the roles that
do them: a county officer corrects the account of a failed payment and the reissue goes out
to the corrected payee; a finding goes from the county to a school and back, and the auditor
finds it resolved. Screenshots go to test-artifacts/screenshots/."""

# The browser, the live server's city and the page are test_browser's fixtures, imported by
# name so that pytest finds them here too.
# ruff: noqa: F811

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.ids import make_id
from tests.payments.city import answers, returns_file
from tests.web.conftest import PaidCity, pay_city
from tests.web.test_browser import CHROMIUM, browser, city, page, shot, sign_in  # noqa: F401
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import PaymentBatch

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium not installed")

PARENT = make_id(region="440802", birth="19850101", seq=31)


@pytest.fixture
def paid(city, tmp_path: Path) -> PaidCity:  # type: ignore[no-untyped-def]
    """Lists approved, paid, audited; the bank refused 李明's payment (batch A, 序号 1)."""
    paid_city = pay_city(city, tmp_path)
    back = returns_file(tmp_path / "back.xlsx", answers(paid_city.file_a, {1: "账户不存在"}))
    done = import_run(kind="returns", scope=Scope.city(), path=back, actor="bank")
    assert done.extra == {"succeeded": 0, "failed": 1}
    return paid_city


def as_user(browser, page, username: str):  # type: ignore[no-untyped-def]
    """A fresh browser context signed in as `username` (a role of its own)."""
    context = browser.new_context(locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base = page.base
    sign_in(other, username)
    return other


def test_a_county_corrects_a_failed_payments_account_and_the_reissue_goes_to_the_parent(
    page,
    paid: PaidCity,
):  # type: ignore[no-untyped-def]
    sign_in(page, "county_in")
    page.goto(page.base + f"/students/{paid.student_a}/")
    payments = page.inner_text("#payments")
    assert "账户不存在" in payments and "待更正收款账户后补发" in payments
    page.click("a.account-correct")
    page.wait_for_selector("#account-form")
    assert paid.batch_a in page.inner_text("#failed-payments")
    assert page.input_value("#id_payee_name") == "李明"  # the payee in force
    shot(page, "account-correct")
    page.fill("#id_payee_name", "李父")
    page.select_option("#id_bank", "中国建设银行")
    page.click("#account-check")  # a parent without an ID number: refused, form kept
    page.wait_for_selector("text=须填写收款人身份证号")
    page.fill("#id_payee_id_number", PARENT)
    page.fill("#id_account_no", "6217000000000088888")
    page.click("#account-check")
    page.wait_for_selector("#payee-compare")
    compare = page.inner_text("#payee-compare")
    assert "李明" in compare and "李父" in compare and "6217000000000088888" in compare
    shot(page, "account-confirm")
    page.click("#account-confirm")
    page.wait_for_selector("text=已更正收款账户")
    page.goto(page.base + "/payments/?term=2019-2")
    page.click("#pay-export")  # the export first shows 人数 and 金额, then starts
    page.click("#step-submit")
    page.wait_for_selector("#job-status:has-text('已完成')")
    assert "1" in page.inner_text("#export-batches")
    reissue = PaymentBatch.objects.filter(county_id="440802", reissues=1).get()
    sheet = openpyxl.load_workbook(reissue.file_path)["代发明细"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        ("李父", PARENT, "6217000000000088888", "中国建设银行")
    ]
    page.goto(page.base + f"/students/{paid.student_a}/")
    assert "已重新发放" in page.inner_text("#payments")


def test_a_finding_goes_to_a_school_and_back_and_the_auditor_sees_it_resolved(
    browser,
    page,
    paid: PaidCity,
):  # type: ignore[no-untyped-def]
    detail = f"/findings/{paid.finding_a}/"
    sign_in(page, "county_in")
    page.goto(page.base + "/findings/?term=2019-2")
    page.click(f"#finding-{paid.finding_a} td a >> nth=0")
    page.wait_for_selector("#hand-form")
    page.fill("#hand-note", "请核实该生姓名")
    page.click("#hand-finding")
    page.wait_for_selector("text=已交学校核查")
    shot(page, "finding-handed")

    school = as_user(browser, page, "school_in")
    school.goto(school.base + "/findings/?term=2019-2")
    assert "请核实该生姓名" in school.inner_text("#findings")
    school.goto(school.base + detail)
    school.fill("#answer-note", "部门名单写错了字")
    school.click("#answer-finding")
    school.wait_for_selector("text=已答复")
    shot(school, "finding-answered")

    page.goto(page.base + detail)
    assert "部门名单写错了字" in page.inner_text("#finding")
    page.fill("#resolve-note", "已请扶贫办更正名单")
    page.click("#resolve-finding")
    page.wait_for_selector("text=已处理")

    auditor = as_user(browser, page, "auditor")
    auditor.goto(auditor.base + "/findings/?term=2019-2")
    auditor.select_option("#finding-state", "RESOLVED")
    auditor.click("form.filters button[type=submit]")
    auditor.wait_for_selector(f"#finding-{paid.finding_a}")
    row = auditor.inner_text(f"#finding-{paid.finding_a}")
    assert "county_in" in row and "已请扶贫办更正名单" in row
    auditor.goto(auditor.base + detail)
    history = auditor.inner_text("#finding-history")
    for said in ("交学校核查", "学校答复", "已处理", "请核实该生姓名", "部门名单写错了字"):
        assert said in history
    shot(auditor, "finding-history")

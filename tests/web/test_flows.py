"""Payments, account correction, findings and the year report through the pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.payments.city import answers, returns_file
from tests.web.accounts import account_correct
from tests.web.conftest import City, PaidCity, client_for
from tests.web.steps import confirmed
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment
from zizhu.web.models import Job

CITY = Scope.city()

PAYMENTS = reverse("web:payments") + "?term=2019-2"
DASHBOARD = reverse("web:dashboard") + "?term=2019-2"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def dashboard_rate(client) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'id="total-rate">([^<]*)<', client.get(DASHBOARD).content.decode())
    assert found is not None
    return found.group(1)


def test_a_county_exports_downloads_the_bank_file_uploads_the_returns_and_the_rate_rises(
    city: City, tmp_path: Path
):

    from tests.aid.scenario import lists_approved

    lists_approved()  # 公示 from 2019-09-02, approved on 2019-09-20
    county = client_for("county_in")
    assert dashboard_rate(county) == "0.00"
    started = confirmed(county, reverse("web:pay_export"))
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert job.status == "DONE", job.message
    assert {b["county"] for b in job.result["batches"]} == {"440802"}  # only its own county
    page = county.get(PAYMENTS).content.decode()
    link = re.search(r'href="(/payments/batches/[^"]+)"', page)
    assert link is not None
    events = Event.objects.filter(action="web.export").count()
    download = county.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    saved = tmp_path / "bank.xlsx"
    saved.write_bytes(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    assert Event.objects.filter(action="web.export").count() == events + 1
    back = returns_file(tmp_path / "back.xlsx", answers(saved))
    done = county.post(PAYMENTS, {"term": "2019-2", "file": upload(back)})
    assert done.status_code == 302
    returns = Job.objects.get(pk=int(done["Location"].rstrip("/").split("/")[-1]))
    assert returns.status == "DONE", returns.message
    assert returns.result["succeeded"] >= 1 and returns.result["failed"] == 0
    assert dashboard_rate(county) == "100.00"
    page = county.get(PAYMENTS).content.decode()
    assert 'id="rate">100.00<' in page
    # The rate by county and program, each due count linking to the approved list behind it.
    rates = page.split('id="disbursement"', 1)[1]
    assert "/aid/SEN_GRANT/?term=2019-2&county=440802&status=APPROVED" in rates
    assert re.search(r'<td class="num">100\.00</td>', rates)


def test_returns_naming_another_countys_batch_are_refused_whole(
    paid_city: PaidCity, tmp_path: Path
):
    back = returns_file(tmp_path / "back.xlsx", answers(paid_city.file_a))
    sent = Payment.objects.filter(status="SENT").count()
    client_for("county_out").post(PAYMENTS, {"term": "2019-2", "file": upload(back)})
    job = Job.objects.get(kind="RETURNS")
    assert (job.status, job.code) == ("REFUSED", "SCOPE_OUTSIDE")
    assert "不属于本县区（440803）" in job.message
    assert Payment.objects.filter(status="SENT").count() == sent  # nothing answered


def test_a_corrected_account_is_recorded_and_a_failed_payment_is_reissued(
    paid_city: PaidCity, tmp_path: Path
):
    county = client_for("county_in")
    back = returns_file(tmp_path / "back.xlsx", answers(paid_city.file_a, {1: "账户不存在"}))
    county.post(PAYMENTS, {"term": "2019-2", "file": upload(back)})
    page = county.get(reverse("web:student", args=[paid_city.student_a])).content.decode()
    assert "更正收款账户" in page and "账户不存在" in page and "待更正收款账户后补发" in page
    url = reverse("web:account_change", args=[paid_city.student_a])
    form = county.get(url + "?term=2019-2&school=4408020003").content.decode()
    # The form starts from the payee in force and names the failed payment it corrects.
    assert 'name="payee_name" id="id_payee_name" value="李明"' in form
    assert paid_city.batch_a in form and "账户不存在" in form
    account = {"term": "2019-2", "school": "4408020003", "payee_name": "李明",
               "payee_id_number": "", "bank": "中国农业银行"}  # fmt: skip
    bad = county.post(url, {**account, "account_no": "12345", "step": "check"})
    assert bad.status_code == 200 and "12 至 19 位数字" in bad.content.decode()
    checked = county.post(url, {**account, "account_no": "6228480000000000123", "step": "check"})
    assert "6228480000000000123" in checked.content.decode()  # the new beside the old
    assert Event.objects.filter(action="registry.account_change").count() == 0
    good = account_correct(county, paid_city.student_a,
                           {**account, "account_no": "6228480000000000123"})  # fmt: skip
    assert good.status_code == 302
    assert "已更正收款账户" in county.get(good["Location"]).content.decode()
    assert Event.objects.filter(action="registry.account_change").count() == 1
    started = confirmed(county, reverse("web:pay_export"))
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert [b["reissues"] for b in job.result["batches"]] == [1]


def test_a_county_resolves_a_finding_with_a_note(paid_city: PaidCity):
    county = client_for("county_in")
    page = county.get(reverse("web:findings") + "?term=2019-2").content.decode()
    assert "姓名不一致待核" in page
    assert "440803" not in re.sub(r"<select.*?</select>", "", page, flags=re.S)
    resolve = reverse("web:finding_resolve", args=[paid_city.finding_a])
    county.post(resolve, {"note": ""})
    assert Event.objects.filter(action="audit.resolve").count() == 0
    county.post(resolve, {"note": "已核实为同一人"})
    assert Event.objects.filter(action="audit.resolve").count() == 1
    after = county.get(reverse("web:findings") + "?term=2019-2").content.decode()
    assert f"/findings/{paid_city.finding_a}/resolve/" not in after


def test_the_city_runs_the_audit_as_a_job(paid_city: PaidCity):
    started = client_for("city").post(reverse("web:audit_run"), {"term": "2019-2"})
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert job.status == "DONE" and job.result["counts"]["NAME_MISMATCH"] == 1


def test_the_report_page_links_counts_to_lists_and_downloads_an_xlsx(
    paid_city: PaidCity, tmp_path: Path
):
    back = returns_file(tmp_path / "b.xlsx", answers(paid_city.file_a))
    import_run(kind="returns", scope=CITY, path=back, actor="bank")
    city = client_for("city")
    page = city.get(reverse("web:report") + "?year=2019").content.decode()
    # Each term's 人次 links to the students paid: the successful payments behind it.
    paid = "/payments/list/?term=2019-2&amp;{}program=SEN_GRANT&amp;status=SUCCEEDED"
    assert paid.format("") in page  # the whole city's, in the programs table
    assert paid.format("county=440802&amp;") in page  # the county's line
    assert paid.format("county=440803&amp;") not in page  # nothing paid there yet: no link
    assert reverse("web:loan_list") + "?year=2019" in page  # the loans behind the count
    workbook = city.get(reverse("web:report_xlsx") + "?year=2019")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    # 资金分担 added with the funding shares (issue 12)
    assert book.sheetnames == ["项目汇总", "区县分项", "发放率", "资金分担"]
    assert book["项目汇总"].cell(1, 1).value == "湛江市2019年学生资助年度报告——项目汇总"
    county = client_for("county_in").get(reverse("web:report_xlsx") + "?year=2019")
    title = openpyxl.load_workbook(io.BytesIO(county.content))["项目汇总"].cell(1, 1).value
    assert title.startswith("赤坎区2019年")


def test_the_dashboard_shows_open_findings_and_a_school_does_not_see_rates(paid_city: PaidCity):
    page = client_for("city").get(DASHBOARD).content.decode()
    assert re.search(r'id="total-findings"><a [^>]*>\d+<', page)
    assert "发放率" not in client_for("school_in").get(DASHBOARD).content.decode()

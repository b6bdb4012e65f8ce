"""The list of the students behind each payment number: the dashboard's 已发放, the payments
page's batches and 发放率, the year report's 人次; personal data masked, jurisdiction kept."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.urls import reverse

from tests.payments.city import answers, returns_file
from tests.web.accounts import account_correct
from tests.web.conftest import SCHOOL_A, PaidCity, client_for
from tests.web.steps import confirmed
from zizhu.core.masking import mask_id_number
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment, PaymentBatch
from zizhu.web.models import Job

CITY = Scope.city()

LIST = reverse("web:payment_list")
ACCOUNT = {"term": "2019-2", "school": SCHOOL_A, "payee_name": "李明", "payee_id_number": "",
           "account_no": "6228480000000000123", "bank": "中国农业银行"}  # fmt: skip


def answer(path: Path, tmp_path: Path, failures: dict[int, str] | None = None) -> None:
    """The bank answers a batch's file: every payment 成功 except the 序号 in `failures`."""
    back = returns_file(tmp_path / f"back-{path.stem}.xlsx", answers(path, failures))
    assert import_run(kind="returns", scope=CITY, path=back, actor="bank").rejected == 0


def pay(city: PaidCity, tmp_path: Path) -> None:
    """The bank fails 李明's payment (batch A) and pays 王芳's; the county corrects 李明's
    account, his payment is reissued in a second batch, and the bank pays it."""
    answer(city.file_a, tmp_path, {1: "账户不存在"})
    answer(Path(PaymentBatch.objects.get(county_id="440803").file_path), tmp_path)
    county = client_for("county_in")
    assert account_correct(county, city.student_a, ACCOUNT).status_code == 302
    started = confirmed(county, reverse("web:pay_export"))
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert [b["reissues"] for b in job.result["batches"]] == [1], job.message
    reissue = PaymentBatch.objects.get(batch_no=job.result["batches"][0]["batch"])
    answer(Path(reissue.file_path), tmp_path)


def links(page: str, pattern: str) -> list[tuple[str, int]]:
    """(url, number) of every link to the payment list whose address matches `pattern`."""
    found = re.findall(r'<a href="(' + re.escape(LIST) + r'\?[^"]*)">(\d+)</a>', page)
    return [(html.unescape(url), int(n)) for url, n in found if re.search(pattern, url)]


def listed(page: str) -> tuple[int, int]:
    """The total the list states ("共 N 笔") and the rows it shows on its (only) page."""
    total = re.search(r'id="payment-list-total">共 (\d+) 笔', page)
    assert total is not None
    body = page.split('id="payment-list"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<a href="/students/\d+/">', body)
    return int(total.group(1)), len(rows)


def test_the_dashboards_paid_count_links_to_a_list_of_exactly_those_students(
    paid_city: PaidCity, tmp_path: Path
):
    pay(paid_city, tmp_path)
    wanted = f"{LIST}?term=2019-2&county=440802&program=SEN_GRANT&status=SUCCEEDED"
    for user in ("city", "county_in", "auditor"):
        client = client_for(user)
        dashboard = client.get(reverse("web:dashboard") + "?term=2019-2").content.decode()
        paid = links(dashboard, r"status=SUCCEEDED")
        # 李明 is paid once, on the second try: one student, though two payments were sent.
        assert (wanted, 1) in paid, user
        for url, number in paid:
            response = client.get(url)
            assert response.status_code == 200, url
            assert listed(response.content.decode()) == (number, number), (user, url)
        assert (
            sum(n for _, n in paid)
            == Payment.objects.filter(
                status="SUCCEEDED",
                **({"batch__county_id": "440802"} if user == "county_in" else {}),
            ).count()
        )
    both = client_for("county_in").get(wanted.replace("&status=SUCCEEDED", "")).content.decode()
    assert listed(both) == (2, 2)  # the failure and its reissue
    assert "账户不存在" in both and both.count("李明") >= 2


def test_the_payments_page_links_batches_answers_and_paid_counts_to_their_lists(
    paid_city: PaidCity, tmp_path: Path
):
    pay(paid_city, tmp_path)
    client = client_for("county_in")
    page = client.get(reverse("web:payments") + "?term=2019-2").content.decode()
    batches = page.split('id="batches"', 1)[1].split("</table>", 1)[0]
    rates = page.split('id="disbursement"', 1)[1].split("</table>", 1)[0]
    batch_a, reissue = f"batch={paid_city.batch_a}", "batch=P2019-2-440802-SEN_GRANT-002"
    assert links(batches, batch_a + "&status=FAILED") == [
        (f"{LIST}?term=2019-2&{batch_a}&status=FAILED", 1)
    ]
    assert links(batches, batch_a + "&status=SUCCEEDED") == [
        (f"{LIST}?term=2019-2&{batch_a}&status=SUCCEEDED", 0)
    ]
    assert links(batches, reissue + "&status=SUCCEEDED") == [
        (f"{LIST}?term=2019-2&{reissue}&status=SUCCEEDED", 1)
    ]
    assert links(rates, r"status=SUCCEEDED") == [
        (f"{LIST}?term=2019-2&county=440802&program=SEN_GRANT&status=SUCCEEDED", 1)
    ]
    every = links(batches, r".")
    assert len(every) == 2 * 4  # per batch: 笔数, 待回盘, 成功, 失败
    for url, number in every + links(rates, r"."):
        assert listed(client.get(url).content.decode()) == (number, number), url
    failure = client.get(f"{LIST}?term=2019-2&{batch_a}&status=FAILED").content.decode()
    assert "账户不存在" in failure and "失败" in failure


def test_the_report_links_each_terms_count_to_the_students_paid(
    paid_city: PaidCity, tmp_path: Path
):
    pay(paid_city, tmp_path)
    one = f"{LIST}?term=2019-2&county=440802&program=SEN_GRANT&status=SUCCEEDED"
    expected = {
        # The programs table (the whole city), then the counties table.
        "city": [(f"{LIST}?term=2019-2&program=SEN_GRANT&status=SUCCEEDED", 2), (one, 1),
                 (one.replace("440802", "440803"), 1)],
        "county_in": [(one, 1), (one, 1)],  # the county's programs, and its line
    }  # fmt: skip
    for user, paid in expected.items():
        client = client_for(user)
        page = client.get(reverse("web:report") + "?year=2019").content.decode()
        assert links(page, r".") == paid, user
        assert "/aid/" not in page.split('id="report-programs"', 1)[1]
        for url, number in paid:
            assert listed(client.get(url).content.decode()) == (number, number), (user, url)


def test_id_numbers_are_masked_and_account_numbers_never_shown(paid_city: PaidCity, tmp_path: Path):
    pay(paid_city, tmp_path)
    page = client_for("county_in").get(LIST + "?term=2019-2").content.decode()
    assert "李明" in page
    assert mask_id_number(paid_city.id_a) in page
    assert paid_city.id_a not in page
    for account in Payment.objects.values_list("account_no", flat=True):
        assert account not in page


def test_a_county_sees_only_its_own_payments_and_another_countys_are_not_found(
    paid_city: PaidCity,
):
    own = client_for("county_out").get(LIST + "?term=2019-2").content.decode()
    assert "王芳" in own and "李明" not in own
    assert 'name="county"' not in own  # no choice of county for a county officer
    batch_a = client_for("county_out").get(LIST + f"?term=2019-2&batch={paid_city.batch_a}")
    assert batch_a.status_code == 200  # his county's payments of it: none
    assert listed(batch_a.content.decode()) == (0, 0)
    assert "李明" not in batch_a.content.decode()
    refused = client_for("county_out").get(LIST + "?term=2019-2&county=440802")
    assert refused.status_code == 404
    assert "李明" not in refused.content.decode()
    for user in ("school_in", "school_out", "department"):
        assert client_for(user).get(LIST + "?term=2019-2").status_code == 403, user


def test_an_unknown_program_status_or_term_is_not_found(paid_city: PaidCity):
    client = client_for("city")
    assert client.get(LIST + "?term=2019-2&program=NOPE").status_code == 404
    assert client.get(LIST + "?term=2019-2&status=PAID").status_code == 404
    assert client.get(LIST + "?term=2030-1").status_code == 404
    assert client.get(LIST + "?term=2019-2&county=440811").status_code == 200  # none there


def test_the_pager_keeps_the_filters(paid_city: PaidCity, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("zizhu.web.views.payments.PAGE_SIZE", 1)
    client = client_for("city")
    first = client.get(LIST + "?term=2019-2&status=SENT").content.decode()
    total, shown = listed(first)
    assert total > 1 and shown == 1
    following = re.search(r'<a href="\?([^"]*)">下一页</a>', first)
    assert following is not None
    assert html.unescape(following.group(1)) == "term=2019-2&status=SENT&page=2"
    second = client.get(LIST + "?" + html.unescape(following.group(1))).content.decode()
    assert listed(second) == (total, 1)
    assert second.split('id="payment-list"')[1] != first.split('id="payment-list"')[1]

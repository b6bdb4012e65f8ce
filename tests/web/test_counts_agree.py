"""Counts agree (issue 16.8): the dashboard, the aid lists, the payments page and list, and the
year report (page and workbook) count the same thing for the same filter, for a county and
for the city. The small city has what made them disagree: an excluded row, a held student, a
draft added after approval, and a failed payment."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.aid.scenario import assess, enrol, lists_approved, new_id
from tests.payments.city import answers, returns_file
from tests.web.conftest import SCHOOL_A, SCHOOL_B, SCHOOL_C, City, client_for
from zizhu.aid.models import Entitlement
from zizhu.aid.selectors import program_names
from zizhu.aid.services import entitle, entitlement_exclude
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export

T = "2019-2"


@dataclass(frozen=True)
class Expected:
    """What each viewer should read, worked out by hand from the scenario."""

    counted: int  # rows every page counts: draft, confirmed, approved
    approved: int
    paid: int


EXPECTED = {"city": Expected(counted=8, approved=7, paid=6),
            "county_in": Expected(counted=6, approved=5, paid=4)}  # fmt: skip


@pytest.fixture
def counted_city(city: City, tmp_path: Path) -> City:
    """赤坎区: 李明 and three more at school A (one of them excluded by the school), two at
    school B, one 在读 at A and B both (held); 霞山区: 王芳 and one more at school C. All
    approved and paid, one payment of 赤坎区 failed; then one more at B, a draft."""
    for _ in range(3):
        assess(enrol(new_id(), SCHOOL_A, "SENIOR", 1), "GENERAL")
    for _ in range(2):
        assess(enrol(new_id(), SCHOOL_B, "SENIOR", 1), "GENERAL")
    twice = new_id()
    assess(enrol(twice, SCHOOL_A, "SENIOR", 2), "GENERAL")
    assess(enrol(twice, SCHOOL_B, "SENIOR", 2), "GENERAL")
    assess(enrol(new_id(region="440803"), SCHOOL_C, "SENIOR", 1, admin_county="440803"),
           "HARDSHIP")  # fmt: skip
    entitle(term=T, actor="test", scope=Scope.city())
    excluded = Entitlement.objects.filter(school_id=SCHOOL_A, status="DRAFT").last()
    assert excluded is not None
    entitlement_exclude(scope=Scope.of_school(SCHOOL_A, county="440802"), actor="school",
                        entitlement_id=excluded.pk, reason="家庭情况好转")  # fmt: skip
    lists_approved(T)
    sent = pay_export(scope=Scope.city(), actor="test", term=T, out=tmp_path / "bank")
    for batch in sent.batches:
        failures = {1: "账户不存在"} if batch.county == "440802" else {}
        back = returns_file(tmp_path / f"{batch.batch_no}.xlsx", answers(batch.file, failures))
        import_run(kind="returns", scope=Scope.city(), path=back, actor="bank")
    assess(enrol(new_id(), SCHOOL_B, "SENIOR", 3), "GENERAL")
    entitle(term=T, actor="test", scope=Scope.city())  # a draft, after approval
    return city


def number(page: str, element_id: str) -> int:
    found = re.search(rf'id="{element_id}"[^>]*>(?:<a [^>]*>)?(\d+)<', page)
    assert found is not None, element_id
    return int(found.group(1))


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def aid_lists(client: Client, status: str = "") -> tuple[int, int]:
    """Summed over the programs' lists: their 名单共 N 人, and the rows shown under the filter."""
    students = shown = 0
    for program in program_names(term=T):
        page = get(client, reverse("web:aid_list", args=[program]) + f"?term={T}&status={status}")
        students += number(page, "list-students")
        shown += number(page, "list-total")
    return students, shown


VIEWERS = pytest.mark.parametrize("viewer", list(EXPECTED))


@VIEWERS
def test_the_dashboard_counts_what_the_aid_lists_count(counted_city: City, viewer: str):
    client, expected = client_for(viewer), EXPECTED[viewer]
    dashboard = get(client, reverse("web:dashboard") + f"?term={T}")
    assert number(dashboard, "total-students") == expected.counted
    assert number(dashboard, "total-approved") == expected.approved
    assert aid_lists(client) == (expected.counted, expected.counted)
    assert aid_lists(client, "APPROVED")[1] == expected.approved


@VIEWERS
def test_an_aid_list_counts_neither_excluded_nor_held_rows(counted_city: City, viewer: str):
    client, expected = client_for(viewer), EXPECTED[viewer]
    page = get(client, reverse("web:aid_list", args=["SEN_GRANT"]) + f"?term={T}")
    assert number(page, "list-students") == number(page, "list-total") == expected.counted
    assert "另有已排除 1 人、一人多籍暂缓 1 人" in page
    everything = get(client, reverse("web:aid_list", args=["SEN_GRANT"]) + f"?term={T}&status=ALL")
    assert number(everything, "list-total") == expected.counted + 2  # the rows are still shown


@VIEWERS
def test_the_payments_page_counts_what_the_dashboard_and_the_payment_list_count(
    counted_city: City, viewer: str
):
    client, expected = client_for(viewer), EXPECTED[viewer]
    payments = get(client, reverse("web:payments") + f"?term={T}")
    assert number(payments, "due") == expected.approved
    assert number(payments, "paid") == expected.paid
    paid_list = get(client, reverse("web:payment_list") + f"?term={T}&status=SUCCEEDED")
    found = re.search(r'id="payment-list-total">共 (\d+) 笔', paid_list)
    assert found is not None and int(found.group(1)) == expected.paid
    preview = get(client, reverse("web:pay_export") + f"?term={T}")
    assert number(preview, "step-count") == expected.approved - expected.paid


@VIEWERS
def test_the_year_report_counts_what_the_payments_page_counts(counted_city: City, viewer: str):
    client, expected = client_for(viewer), EXPECTED[viewer]
    report = get(client, reverse("web:report") + "?year=2019")
    rate = report.split('id="report-rate"', 1)[1].split("</table>", 1)[0]
    autumn = r"<tr><td>[^<]*2019年秋季学期[^<]*</td>"  # the term by its name
    row = re.search(autumn + r'<td class="num">(\d+)</td>' * 2, rate)
    assert row is not None
    assert (int(row.group(1)), int(row.group(2))) == (expected.approved, expected.paid)
    programs = report.split('id="report-programs"', 1)[1].split("</table>", 1)[0]
    autumn = 0
    for line in re.findall(r"<tr><td>.*?</tr>", programs):
        students = re.findall(r'<td class="num">(?:<a [^>]*>)?([\d.]+)', line)[0::2]
        autumn += int(students[1])  # the columns: spring, autumn, the year
    assert autumn == expected.paid
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("web:report_xlsx") + "?year=2019").content)
    )
    sheet = book["发放率"]
    cells = [[c.value for c in r] for r in sheet.iter_rows(min_row=1)]
    numbers = [r for r in cells if any(isinstance(v, int) for v in r)]
    assert numbers and [v for v in numbers[-1] if isinstance(v, int)][:2] == [
        expected.approved,
        expected.paid,
    ]

"""Excel out of every list: each list page's `?download=xlsx` is the page's rows under its
filters (every page of them), masked as on the page, numbers as numbers, headed by title rows;
each download is an export event, and stays in the user's jurisdiction."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from django.urls import reverse

from tests.web.conftest import PaidCity, client_for
from zizhu.core.models import Event

T = "?term=2019-2"


def workbook(user: str, url: str) -> Any:
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def table(sheet: Any) -> tuple[list[str], list[str], list[list[Any]]]:
    """(title rows, header, data rows) of a downloaded list."""
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [values[0][0], values[1][0]], values[2], values[3:]


def test_the_payment_list_downloads_as_the_page_shows_it(paid_city: PaidCity) -> None:
    url = reverse("web:payment_list") + T + "&program=SEN_GRANT"
    page = client_for("city").get(url).content.decode()
    sheet = workbook("city", url + "&download=xlsx")
    titles, header, rows = table(sheet)
    assert "2019年秋季学期发放学生名单" in titles[0] and "普通高中国家助学金" in titles[1]
    assert header[:6] == ["姓名", "身份证件号", "学校", "区县", "资助项目", "金额（元）"]
    assert len(rows) == page.count("<tr><td><a href=")
    for row in rows:
        assert row[0] in page and row[4] == "普通高中国家助学金"
        assert "*" in row[1] and row[1] not in (paid_city.id_a,)  # masked as on the page
        assert isinstance(row[5], float | int)  # a number, with its format
    assert sheet.cell(4, 6).number_format == "#,##0.00"
    event = Event.objects.get(action="web.export")
    assert event.detail["what"] == "payment_list" and event.counts["rows"] == len(rows)


def test_a_download_stays_in_the_users_county(paid_city: PaidCity) -> None:
    url = reverse("web:payment_list") + T + "&county=440802&download=xlsx"
    assert client_for("county_out").get(url).status_code == 404
    own = workbook("county_out", reverse("web:payment_list") + T + "&download=xlsx")
    _, _, rows = table(own)
    assert all(row[3] == "霞山区" for row in rows)


def rows_of(user: str, url: str) -> list[list[Any]]:
    return table(workbook(user, url))[2]


def test_every_list_page_offers_and_downloads_its_rows(paid_city: PaidCity) -> None:
    from tests.web.loans import city_loans

    city_loans(paid_city, Path(tempfile.mkdtemp()))
    lists = {
        "aid list": (reverse("web:aid_list", args=["SEN_GRANT"]) + T, 10),
        "payment list": (reverse("web:payment_list") + T, 11),
        "findings": (reverse("web:findings") + T + "&state=ALL", 11),
        "loan list": (reverse("web:loan_list") + "?year=2019", 9),
        "students": (reverse("web:students") + "?q=", 5),
        "mismatches": (reverse("web:mismatches") + T, 6),
        "audit trail": (reverse("web:audit_trail") + "?action=", 6),
    }
    for name, (url, width) in lists.items():
        page = client_for("city").get(url).content.decode()
        assert "download=xlsx" in page, name
        titles, header, rows = table(workbook("city", url + "&download=xlsx"))
        assert len(header) == width, (name, header)
        assert rows, name
        assert all(len(r) == width for r in rows), name
        assert titles[0], name
    assert Event.objects.filter(action="web.export").count() == len(lists)


def test_an_aid_list_download_names_its_filter_and_holds_the_pages_rows(
    paid_city: PaidCity,
) -> None:
    url = reverse("web:aid_list", args=["SEN_GRANT"]) + T + "&status=APPROVED"
    page = client_for("county_in").get(url).content.decode()
    titles, header, rows = table(workbook("county_in", url + "&download=xlsx"))
    assert "赤坎区" in titles[0] and "普通高中国家助学金" in titles[0]
    assert "已审批" in titles[1]
    assert [r[0] for r in rows] == [n for n in ("李明", "陈小红") if n in page][: len(rows)]
    assert all(r[7] == "已审批" and isinstance(r[6], float | int) for r in rows)
    assert all("*" in (r[1] or "*") for r in rows)


def test_a_school_downloads_only_its_own_students(paid_city: PaidCity) -> None:
    rows = rows_of("school_out", reverse("web:students") + "?q=&download=xlsx")
    assert rows and {r[3] for r in rows} == {"学校4408030009"}

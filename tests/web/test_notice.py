"""公示名单: the notice a school or county posts, as a page to print and as .xlsx."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.web.conftest import City, client_for
from zizhu.aid.services import publicity_record
from zizhu.core.models import Event
from zizhu.core.scope import Scope

NOTICE = reverse("web:aid_notice", args=["SEN_GRANT"]) + "?term=2019-2"


def test_a_schools_notice_lists_its_students_masked_with_a_blank_period(city: City) -> None:
    page = client_for("school_in").get(NOTICE).content.decode()
    assert "受助学生名单公示" in page and "2019年秋季学期" in page
    assert "李明" in page and "王芳" not in page  # school C's student is not school A's
    assert city.id_a not in page and city.id_a[:6] + "********" in page
    assert "公示期：______年" in page and "联系人：__________" in page
    event = Event.objects.get(action="web.export")
    assert event.detail["what"] == "publicity_notice"


def test_the_period_comes_from_the_recorded_publicity_and_the_working_days(city: City) -> None:
    publicity_record(scope=Scope.of_county("440802"), actor="web:county_in", term="2019-2",
                     program="SEN_GRANT", start_date=dt.date(2019, 9, 27), on_paper=True,
                     today=dt.date(2019, 9, 30))  # fmt: skip
    page = client_for("county_in").get(NOTICE).content.decode()
    # 5 working days from Friday 27 September 2019: the 27th, Sunday the 29th (worked in
    # 2019), the 30th, then after the National Day holidays (1–7 October) the 8th and 9th.
    assert "公示期：2019年9月27日至2019年10月9日（5个工作日）" in page


def test_the_notice_downloads_as_xlsx_with_its_title_period_and_contact_line(city: City) -> None:
    response = client_for("school_in").get(NOTICE + "&download=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "受助学生名单公示" in values[0][0] and values[1][0].startswith("公示期：")
    assert values[2] == ["序号", "姓名", "学校", "年级", "身份证件号", "资助项目", "金额（元）"]
    assert values[3][1] == "李明" and values[3][6] == 1000
    assert any(v[0] and str(v[0]).startswith("如对公示名单有异议") for v in values)


def test_the_city_chooses_a_county_and_nobody_sees_anothers(city: City) -> None:
    assert client_for("city").get(NOTICE).status_code == 404
    assert client_for("city").get(NOTICE + "&county=440802").status_code == 200
    assert client_for("county_out").get(NOTICE + "&county=440802").status_code == 404
    assert client_for("county_out").get(NOTICE + "&school=4408020003").status_code == 404


@pytest.mark.parametrize("user", ["department", None])
def test_no_list_no_notice(city: City, user: str | None) -> None:
    response = client_for(user).get(NOTICE)
    assert response.status_code in (302, 403)

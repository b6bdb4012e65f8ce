"""The main pages through Django's test client: review, approval, the dashboard, the why."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from tests.aid.scenario import lists_last_changed_on
from tests.web.conftest import City, client_for
from tests.web.steps import confirmed
from zizhu.aid.models import Publicity
from zizhu.aid.selectors import progress_by_county_program
from zizhu.core.scope import Scope

LIST = reverse("web:aid_list", args=["SEN_GRANT"]) + "?term=2019-2"


def approved_in(county: str) -> int:
    rows = progress_by_county_program(scope=Scope.of_county(county), term="2019-2")
    return sum(r.approved for r in rows if r.program == "SEN_GRANT")


def test_a_school_confirms_then_the_county_records_publicity_and_approves(city: City):
    school = client_for("school_in")
    confirmed(school, reverse("web:aid_confirm", args=["SEN_GRANT"]))
    assert "学校已确认" in school.get(LIST).content.decode()
    county = client_for("county_in")
    approve = reverse("web:aid_approve", args=["SEN_GRANT"])
    assert "没有公示记录" in county.get(approve + "?term=2019-2").content.decode()
    refused = confirmed(county, approve)
    assert "没有公示记录" in county.get(refused["Location"]).content.decode()
    publicity = reverse("web:aid_publicity", args=["SEN_GRANT"])
    # Begun before the day it is recorded: only as a 公示 held on paper.
    county.post(publicity, {"term": "2019-2", "start_date": "2019-09-16"})
    assert not Publicity.objects.exists()
    county.post(publicity, {"term": "2019-2", "start_date": "2019-09-16", "on_paper": "on"})
    assert Publicity.objects.get().on_paper
    # The school confirmed today, after the paper 公示 began: it did not show this list.
    stale = county.get(approve + "?term=2019-2").content.decode()
    assert "变动后的名单须重新公示" in stale
    lists_last_changed_on(dt.date(2019, 9, 10))  # as if the school had confirmed then
    confirmed(county, approve)
    assert approved_in("440802") == 1
    assert approved_in("440803") == 0  # the other county's list is untouched
    dashboard = client_for("city").get(reverse("web:dashboard") + "?term=2019-2")
    assert re.search(r'id="total-approved">1<', dashboard.content.decode())


def test_a_confirmed_name_mismatch_gives_a_category_at_the_next_entitle(city: City):
    county = client_for("county_in")
    page = county.get(reverse("web:mismatches") + "?term=2019-2").content.decode()
    assert "陈晓红" in page and "陈小红" in page
    county.post(reverse("web:mismatch_confirm", args=[city.mismatch_a]), {"term": "2019-2"})
    assert "已确认" in county.get(reverse("web:mismatches") + "?term=2019-2").content.decode()
    confirmed(county, reverse("web:entitle"))
    found = client_for("city").get(reverse("web:students") + "?q=陈小红").content.decode()
    person = re.search(r"/students/(\d+)/", found)
    assert person is not None
    student = client_for("county_in").get(reverse("web:student", args=[int(person.group(1))]))
    body = student.content.decode()
    assert "建档立卡" in body and "第1版" in body  # the category and its list row


def test_a_students_page_says_why_an_entitlement_was_granted(city: City):
    body = client_for("school_in").get(reverse("web:student", args=[city.student_a]))
    text = body.content.decode()
    assert "学校认定" in text and "一般困难" in text and "1,000.00" in text


def test_an_exclusion_needs_a_reason(city: City):
    school = client_for("school_in")
    school.post(reverse("web:aid_exclude", args=[city.entitlement_a]), {"reason": ""})
    assert "学校已排除：" not in school.get(LIST + "&status=EXCLUDED").content.decode()
    school.post(reverse("web:aid_exclude", args=[city.entitlement_a]), {"reason": "已转学"})
    assert "学校已排除：已转学" in school.get(LIST + "&status=EXCLUDED").content.decode()


def test_a_department_sees_its_lists_summary_and_no_students(city: City):
    client = client_for("department")
    body = client.get(reverse("web:departments")).content.decode()
    assert "建档立卡贫困人口" in body and "陈小红" not in body
    assert client.get(reverse("web:students")).status_code == 403

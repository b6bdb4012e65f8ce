"""The review's POSTs attacked through the real views: another jurisdiction's rows, a 公示
dated in the past without "on paper", counts that changed between the confirmation page and
the POST, the same approval posted twice. Each is refused and changes nothing (the codes are
asserted on the services, tests/aid/test_review.py and test_publicity.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.aid.scenario import aid_state, lists_last_changed_on
from tests.web.conftest import City, client_for
from tests.web.steps import confirmed, shown
from zizhu.aid.models import Entitlement, Publicity
from zizhu.aid.services import publicity_record
from zizhu.core.scope import Scope

LIST = reverse("web:aid_list", args=["SEN_GRANT"]) + "?term=2019-2"
CONFIRM = reverse("web:aid_confirm", args=["SEN_GRANT"])
APPROVE = reverse("web:aid_approve", args=["SEN_GRANT"])


def row_of(name: str) -> int:
    return Entitlement.objects.get(enrolment__name=name, program="SEN_GRANT").pk


def messages_after(client, response) -> str:  # type: ignore[no-untyped-def]
    return client.get(response["Location"]).content.decode()


def test_a_school_cannot_exclude_another_schools_row(city: City):
    before = aid_state()
    response = client_for("school_in").post(
        reverse("web:aid_exclude", args=[row_of("王芳")]), {"reason": "已转学"}
    )
    assert response.status_code == 404
    assert aid_state() == before


def test_a_county_cannot_exclude_another_countys_row(city: City):
    before = aid_state()
    response = client_for("county_in").post(
        reverse("web:aid_exclude", args=[row_of("王芳")]), {"reason": "重复"}
    )
    assert response.status_code == 404
    assert aid_state() == before


def test_a_confirmation_whose_counts_changed_after_the_page_is_refused(city: City):
    school = client_for("school_in")
    fields = shown(school, CONFIRM + "?term=2019-2")
    assert (fields["count"], fields["amount_fen"]) == ("1", "100000")
    county = client_for("county_in")
    county.post(reverse("web:aid_exclude", args=[row_of("李明")]), {"reason": "重复享受"})
    before = aid_state()
    fields.pop("csrfmiddlewaretoken", None)
    refused = school.post(CONFIRM, fields)
    assert "数据已有变动" in messages_after(school, refused)
    assert aid_state() == before
    # Counts made up (a huge number, not a number) are no confirmation either.
    for made_up in ({"count": "99999999999", "amount_fen": "1"}, {"count": "x"}):
        school.post(CONFIRM, {"term": "2019-2", **made_up})
        assert aid_state() == before


def test_a_county_cannot_send_back_another_countys_school(city: City):
    before = aid_state()
    response = client_for("county_out").post(
        reverse("web:aid_send_back", args=["SEN_GRANT"]),
        {"term": "2019-2", "school": "4408020003", "note": "请核实"},
    )
    assert response.status_code == 404
    assert aid_state() == before


def test_a_publicity_dated_in_the_past_is_not_recorded_unless_held_on_paper(city: City):
    county = client_for("county_in")
    before = aid_state()
    response = county.post(
        reverse("web:aid_publicity", args=["SEN_GRANT"]),
        {"term": "2019-2", "start_date": "2019-09-16"},
    )
    assert "纸质公示" in messages_after(county, response)
    assert aid_state() == before


def test_a_county_cannot_correct_or_withdraw_another_countys_publicity(city: City):
    day = dt.date(2019, 9, 16)
    theirs = publicity_record(scope=Scope.of_county("440803"), actor="c", term="2019-2",
                              program="SEN_GRANT", start_date=day, today=day)  # fmt: skip
    before = aid_state()
    county = client_for("county_in")
    form = {"term": "2019-2", "program": "SEN_GRANT", "note": "改", "start_date": "2019-09-17"}
    for action in ("web:publicity_correct", "web:publicity_withdraw"):
        assert county.post(reverse(action, args=[theirs.pk]), form).status_code == 404
    assert aid_state() == before


def test_the_same_approval_posted_twice_approves_once(city: City):
    county = client_for("county_in")
    county.post(
        reverse("web:aid_publicity", args=["SEN_GRANT"]),
        {"term": "2019-2", "start_date": "2019-09-16", "on_paper": "on"},
    )
    lists_last_changed_on(dt.date(2019, 9, 10))
    fields = shown(county, APPROVE + "?term=2019-2")
    fields.pop("csrfmiddlewaretoken", None)
    fields["with_unconfirmed"] = "on"
    first = county.post(APPROVE, fields)
    assert "已审批 1 名学生" in messages_after(county, first)
    after_first = aid_state()
    second = county.post(APPROVE, fields)
    assert "数据已有变动" in messages_after(county, second)
    assert aid_state() == after_first
    assert Entitlement.objects.filter(status="APPROVED").count() == 1
    assert Publicity.objects.get().approvals.count() == 1


def test_approving_without_the_choice_leaves_unconfirmed_rows_and_says_which_school(city: City):
    county = client_for("county_in")
    county.post(
        reverse("web:aid_publicity", args=["SEN_GRANT"]),
        {"term": "2019-2", "start_date": "2019-09-16", "on_paper": "on"},
    )
    lists_last_changed_on(dt.date(2019, 9, 10))
    page = county.get(APPROVE + "?term=2019-2").content.decode()
    assert "以下学校尚未确认：学校4408020003 1 人" in page
    before = aid_state()
    refused = confirmed(county, APPROVE)
    assert "未经学校确认" in messages_after(county, refused)
    assert aid_state() == before


def test_entitle_and_pay_export_refuse_counts_that_changed_after_their_page(city: City):
    from zizhu.web.models import Job

    county = client_for("county_in")
    entitle_page = shown(county, reverse("web:entitle") + "?term=2019-2")
    county.post(reverse("web:aid_exclude", args=[row_of("李明")]), {"reason": "重复享受"})
    fields = {k: v for k, v in entitle_page.items() if k != "csrfmiddlewaretoken"}
    refused = county.post(reverse("web:entitle"), fields)
    assert "数据已有变动" in messages_after(county, refused)
    made_up = county.post(reverse("web:pay_export"), {"term": "2019-2", "count": "5",
                                                       "amount_fen": "500000"})  # fmt: skip
    assert "数据已有变动" in messages_after(county, made_up)
    assert not Job.objects.filter(kind__in=["ENTITLE", "PAY_EXPORT"]).exists()

"""Roles: every list, page and figure a school sees is its own; an auditor changes nothing;
a county's officer acts on its county alone."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.web.conftest import City, client_for
from zizhu.aid.services import publicity_record
from zizhu.core.models import Event
from zizhu.core.scope import Scope

LIST = reverse("web:aid_list", args=["SEN_GRANT"]) + "?term=2019-2"


def page(user: str, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, (user, url, response.status_code)
    return str(response.content.decode())


def test_a_schools_dashboard_and_lists_hold_its_own_students_only(city: City) -> None:
    own = page("school_in", LIST)
    assert "李明" in own and "王芳" not in own
    other = page("school_out", LIST)
    assert "王芳" in other and "李明" not in other
    dashboard = page("school_out", reverse("web:dashboard") + "?term=2019-2")
    assert "440802" not in dashboard and "赤坎区" not in dashboard


def test_a_school_sees_its_own_countys_publicity_not_anothers(city: City) -> None:
    day = dt.date(2019, 9, 23)  # recorded on the day it began: no paper needed
    publicity_record(scope=Scope.of_county("440803"), actor="web:county_out", term="2019-2",
                     program="SEN_GRANT", start_date=day, today=day)  # fmt: skip
    assert "2019-09-23" not in page("school_in", LIST)
    assert "2019-09-23" in page("school_out", LIST)


def test_an_auditor_changes_nothing_whatever_it_posts(city: City) -> None:
    before = Event.objects.exclude(action__startswith="web.").count()
    auditor = client_for("auditor")
    posts = [
        (reverse("web:entitle"), {"term": "2019-2"}),
        (reverse("web:aid_approve", args=["SEN_GRANT"]), {"term": "2019-2"}),
        (reverse("web:aid_publicity", args=["SEN_GRANT"]),
         {"term": "2019-2", "start_date": "2019-09-16"}),
        (reverse("web:mismatch_confirm", args=[city.mismatch_a]), {"note": "x"}),
        (reverse("web:pay_export"), {"term": "2019-2"}),
        (reverse("web:aid_confirm", args=["SEN_GRANT"]), {"term": "2019-2"}),
        (reverse("web:aid_send_back", args=["SEN_GRANT"]),
         {"term": "2019-2", "school": "4408020003", "note": "x"}),
        (reverse("web:aid_exclude", args=[city.entitlement_a]), {"reason": "x"}),
        (reverse("web:publicity_withdraw", args=[1]), {"note": "x"}),
        (reverse("web:publicity_correct", args=[1]), {"note": "x"}),
        (reverse("web:audit_run"), {"term": "2019-2"}),
        (reverse("web:imports"), {"kind": "schools"}),
    ]  # fmt: skip
    for url, data in posts:
        assert auditor.post(url, data).status_code == 403, url
    assert Event.objects.exclude(action__startswith="web.").count() == before

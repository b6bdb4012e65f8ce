"""City-wide figures are cached until the data changes, and sessions are refreshed at most
once a minute instead of written on every page view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from tests.web.conftest import City, client_for
from tests.web.steps import confirmed
from zizhu.core.events import event_record
from zizhu.core.scope import Scope
from zizhu.web.caching import cached
from zizhu.web.models import Job
from zizhu.web.sessions import TOUCHED

pytestmark = pytest.mark.django_db


def test_a_cached_result_is_kept_until_an_event_records_a_change():
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert cached("figures", "2019-2", compute=compute) == 1
    assert cached("figures", "2019-2", compute=compute) == 1
    assert cached("figures", "2019-1", compute=compute) == 2  # another key
    event_record(actor="web:someone", action="web.login", subject="someone")
    assert cached("figures", "2019-2", compute=compute) == 1  # a sign-in changes no figures
    event_record(actor="test", action="aid.approve", subject="2019-2")
    assert cached("figures", "2019-2", compute=compute) == 3


def test_the_dashboard_shows_a_change_made_after_it_was_cached(city: City):
    client = client_for("city")
    dashboard = reverse("web:dashboard") + "?term=2019-2"
    before = client.get(dashboard).content.decode()
    assert 'id="total-approved">0<' in before
    from tests.aid.scenario import lists_approved

    lists_approved()  # 公示 from 2019-09-02, approved on 2019-09-20
    assert 'id="total-approved">0<' not in client.get(dashboard).content.decode()


def session_expiry(client) -> dt.datetime:  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_view_pushes_the_session_expiry_back_at_most_once_a_minute(city: City):
    client = client_for("city")
    client.get(reverse("web:dashboard"))
    first = session_expiry(client)
    client.get(reverse("web:dashboard"))
    assert session_expiry(client) == first  # within the minute: no write
    session = client.session
    session[TOUCHED] = int(timezone.now().timestamp()) - 61
    session.save()
    saved = session_expiry(client)
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=saved - dt.timedelta(minutes=10)
    )
    client.get(reverse("web:dashboard"))
    assert session_expiry(client) >= saved - dt.timedelta(seconds=5)
    assert session_expiry(client) > timezone.now() + dt.timedelta(minutes=29)


def test_a_finished_background_job_leaves_the_citys_figures_rendered(city: City):
    confirmed(client_for("county_in"), reverse("web:entitle"))
    assert Job.objects.get(kind="ENTITLE").status == "DONE"

    def not_warmed() -> SafeString:
        raise AssertionError("the job did not render the city's dashboard")

    warmed = cached("dashboard", "2019-2", Scope.city().key, compute=not_warmed)
    assert 'id="total-students"' in warmed
    # and it is the dashboard the city officer gets, with the lists the job just computed
    page = client_for("city").get(reverse("web:dashboard") + "?term=2019-2").content.decode()
    assert warmed in page and 'id="total-students">0<' not in page

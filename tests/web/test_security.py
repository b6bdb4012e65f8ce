"""CSRF, masking, audit events for sign-in and exports, passwords and sessions. The sign-in
lock and the production settings are tested in tests/security."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.refusals import refused
from tests.web.conftest import PASSWORD, City, client_for
from zizhu.core.errors import Code
from zizhu.core.masking import mask_account, mask_id_number
from zizhu.core.models import Event
from zizhu.web.users import user_create

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("web:login"), {"username": username, "password": password})


def test_posts_without_a_csrf_token_are_refused(city: City):
    client = Client(enforce_csrf_checks=True)
    assert login(client, "city", PASSWORD).status_code == 403
    client.force_login(_user("city"))
    response = client.post(reverse("web:entitle"), {"term": "2019-2"})
    assert response.status_code == 403


def _user(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_the_sign_in_page_is_in_chinese_and_carries_a_csrf_token():
    response = Client().get(reverse("web:login"))
    body = response.content.decode()
    assert "登录" in body and "csrfmiddlewaretoken" in body


def test_ids_and_accounts_are_masked():
    assert mask_id_number("44080220080101123X") == "440802********123X"
    assert mask_account("6217000000000001") == "6217********0001"
    assert mask_id_number(None) == "" and mask_account("") == ""


def test_lists_show_masked_ids_only(city: City):
    for url in [
        reverse("web:students") + "?q=李",
        reverse("web:aid_list", args=["SEN_GRANT"]) + "?term=2019-2",
    ]:
        body = client_for("city").get(url).content.decode()
        assert city.id_a not in body
        assert mask_id_number(city.id_a) in body


def test_downloading_an_error_file_is_an_audit_event(city: City):
    response = client_for("school_in").get(reverse("web:job_errors", args=[city.job_a]))
    assert response.status_code == 200
    event = Event.objects.get(action="web.export")
    assert event.actor == "web:school_in" and event.detail["job"] == city.job_a


def test_passwords_shorter_than_ten_characters_are_refused(db):
    with refused(Code.USER_INVALID):
        user_create(actor="t", username="short", password="Ab3$xyz!", role="CITY")


def test_sessions_expire_after_thirty_minutes_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE

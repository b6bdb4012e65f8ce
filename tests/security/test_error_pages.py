"""The site's own Chinese error pages: a forbidden page, a missing one, a failed CSRF check, a
bad request and a server error, in process and on a real `zizhu serve` with the production
settings. Django's English pages never show."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.security.conftest import PASSWORD
from zizhu.web.users import user_create

pytestmark = pytest.mark.django_db

# What Django's own error pages say (django/views/defaults.py, csrf.py, technical pages).
DJANGO_WORDS = [
    "Not Found", "Page not found", "Forbidden", "CSRF verification failed", "Server Error",
    "Bad Request", "Request aborted", "Traceback", "Django", "You don't have permission",
    "The requested resource", "Using the URLconf",
]  # fmt: skip


def visible_text(page: str, *, username: str = "") -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join((text.replace(username, "") if username else text).split())


def assert_chinese_page(page: str, title: str, *, username: str = "") -> str:
    """The page is the site's own, in Chinese, with no English word a user would read."""
    for words in DJANGO_WORDS:
        assert words not in page, words
    assert '<html lang="zh-hans">' in page and title in page
    text = visible_text(page, username=username)
    # "Cookie" is the word Chinese browsers use in their own settings pages.
    assert not re.search(r"[A-Za-z]{3,}", text.replace("Cookie", "")), text
    return text


def signed_in(username: str, **membership: str) -> Client:
    user_create(actor="test", username=username, password=PASSWORD, **membership)  # type: ignore[arg-type]
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_missing_page_is_the_sites_chinese_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert_chinese_page(response.content.decode(), "页面不存在")


def test_a_404_with_a_reason_of_ours_says_it():
    client = signed_in("县区甲", role="COUNTY", county="440802")
    response = client.get(reverse("web:dashboard") + "?term=2099-9")
    assert response.status_code == 404
    text = assert_chinese_page(response.content.decode(), "页面不存在", username="县区甲")
    assert "未知的学期" in text


def test_a_forbidden_page_is_the_sites_chinese_403_in_the_sites_layout():
    client = signed_in("审计甲", role="AUDITOR")  # auditors read; they import nothing
    response = client.get(reverse("web:imports"))
    assert response.status_code == 403
    page = response.content.decode()
    text = assert_chinese_page(page, "无权访问", username="审计甲")
    assert "您的角色无权访问此页面" in text  # the reason the view gave
    assert "退出" in text and 'class="top"' in page  # the site's header and menu


def test_django_messages_in_english_are_never_shown():
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from zizhu.web.views.errors import ours

    assert ours(Http404("No Student matches the given query.")) == ""
    assert ours(PermissionDenied()) == "" and ours(None) == ""
    assert ours(Http404({"path": "x", "tried": []})) == ""
    assert ours(Http404("该区县不在您的管辖范围内")) == "该区县不在您的管辖范围内"


def test_a_failed_csrf_check_is_the_sites_chinese_page():
    response = Client(enforce_csrf_checks=True).post(
        reverse("web:login"), {"username": "wang", "password": PASSWORD})  # fmt: skip
    assert response.status_code == 403
    text = assert_chinese_page(response.content.decode(), "页面已过期")
    assert "Cookie" in response.content.decode() and "刷新" in text


def test_a_signed_in_officers_failed_csrf_check_keeps_the_menu():
    client = signed_in("市级甲", role="CITY")
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("web:entitle"), {"term": "2019-2"})
    assert response.status_code == 403
    assert_chinese_page(response.content.decode(), "页面已过期", username="市级甲")
    assert "总览" in response.content.decode()


@pytest.mark.urls("tests.security.urls")
def test_a_server_error_is_the_sites_chinese_500():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert_chinese_page(page, "服务器内部错误")
    assert "a bug in a view" not in page and "RuntimeError" not in page


def test_a_request_for_another_host_is_the_sites_chinese_400():
    response = Client().get(reverse("web:login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_chinese_page(response.content.decode(), "请求无效")


def test_the_error_pages_on_the_production_server(start_server: Any):
    server = start_server(DEBUG="1")  # the production settings ignore DEBUG
    missing = server.request("GET", "/no-such-page/")
    assert missing.status == 404
    assert_chinese_page(missing.body, "页面不存在")
    cookies, _ = server.sign_in_form()
    forged = server.request("POST", "/login/", cookies=cookies,
                            body={"username": "wang", "password": PASSWORD})  # fmt: skip
    assert forged.status == 403
    assert_chinese_page(forged.body, "页面已过期")
    foreign = server.request("GET", "/login/", headers={"Host": "evil.example"})
    assert foreign.status == 400
    assert_chinese_page(foreign.body, "请求无效")
    signed = server.sign_in("wang", PASSWORD)
    session = {"sessionid": signed.cookies["sessionid"]}
    # A server error: the session table is gone. The 500 page needs no database.
    server.query_write("DROP TABLE django_session")
    broken = server.request("GET", "/dashboard/", cookies=session)
    assert broken.status == 500
    assert_chinese_page(broken.body, "服务器内部错误")

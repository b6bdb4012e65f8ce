"""The site's own error pages, in Chinese and in the site's layout: 400, 403, 404, 500 and a
failed CSRF check (Django's own pages are in English). Installed as handler400/403/404/500 in
zizhu.urls and as CSRF_FAILURE_VIEW.

An exception's message is shown only when it is one of ours, written in Chinese ("该区县不在
您的管辖范围内"); Django's own messages are English and may name internals, so they never are.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

log = logging.getLogger(__name__)

_CHINESE = re.compile(r"[\u4e00-\u9fff]")

PAGES = {
    400: ("请求无效", "服务器无法处理这个请求。请返回上一页重试；如问题反复出现，请联系管理员。"),
    403: ("无权访问", "您没有访问这个页面或执行这项操作的权限。"),
    404: ("页面不存在", "您要找的页面不存在，或不在您的管辖范围内。请检查网址，或从菜单重新进入。"),
}
CSRF_PAGE = (
    "页面已过期，请刷新后重试",
    "为保护您的账户，系统拒绝了这次提交：页面可能已打开太久，或浏览器禁止了 Cookie。"
    "请返回上一页，刷新后重新提交；如仍不能提交，请确认浏览器允许本网站的 Cookie。",
)
SERVER_ERROR_HTML = (
    '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>服务器内部错误</title>'
    "<h1>服务器内部错误</h1><p>系统处理您的请求时出错，错误已记录。请稍后重试；"
    "如果问题反复出现，请联系系统管理员。</p></html>"
)


def ours(exception: BaseException | None) -> str:
    """The exception's message when it is one of the site's own Chinese messages, else ''."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    message = exception.args[0]
    return message if _CHINESE.search(message) else ""


def _page(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    title, hint = PAGES[status]
    context = {"status": status, "title": title, "hint": hint, "detail": detail}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 403, ours(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 404, ours(exception))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    title, hint = CSRF_PAGE
    context = {"status": 403, "title": title, "hint": hint, "detail": ""}
    return render(request, "web/error.html", context, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """A page that needs nothing that may have failed: no database (no user, no menu), no
    request context; if even the template cannot be read, plain HTML."""
    try:
        html = loader.get_template("web/error_500.html").render()
    except Exception:  # the error page itself must not fail
        log.exception("the 500 page's template could not be rendered")
        html = SERVER_ERROR_HTML
    return HttpResponse(html, status=500)

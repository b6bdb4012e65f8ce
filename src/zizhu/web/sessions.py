"""Sessions end after SESSION_COOKIE_AGE of inactivity. Django's SESSION_SAVE_EVERY_REQUEST
would do that with a database write on every page view, which queues every reader behind
SQLite's one writer; this refreshes the expiry at most once a minute instead."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

REFRESH_SECONDS = 60
TOUCHED = "_zizhu_touched"  # when the expiry was last pushed back (Unix seconds)


class SessionRefreshMiddleware:
    """Marks a signed-in session as modified when its last refresh is a minute old, so that
    SessionMiddleware saves it with a new expiry. Listed after SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = request.session
        if session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(TOUCHED, 0)) >= REFRESH_SECONDS:
                session[TOUCHED] = now
        return response

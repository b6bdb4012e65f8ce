"""The sign-in lock: django-axes' database handler, made atomic, and its audit events.

django-axes checks the lock, lets the password be checked, and only then records the failure:
guesses sent at once all pass the check before any of them is recorded (a known limit of
axes, jazzband/django-axes#592). Here a try takes a place in the count *before* its password
is looked at (a LoginTry row), in a transaction that holds a lock on its user name and on its
address; when its password turns out wrong, the place becomes a counted failure, when right,
it is given back. Failures plus tries being checked never exceed the limit: a try that would
exceed it only because of tries still being checked waits for them (officers of one office
signing in at the same moment all get in, a few at a time); one that the counted failures
alone refuse is refused. However many guesses arrive at once, over gunicorn's threads and
processes, at most the limit of them reach the password check.

Rules (settings.LOGIN_*): LOGIN_MAX_FAILURES failures for a user name (from any address), or
LOGIN_MAX_FAILURES_PER_ADDRESS from one address (for any user names), within
LOGIN_LOCKOUT_MINUTES lock it until LOGIN_LOCKOUT_MINUTES after the last of them. Tries
refused by the lock are not counted and do not lengthen it. A sign-in clears the failures of
that user name from that address, never those of other addresses or other names.

Events (never a password; a typed user name only when it is a real user's):
  web.login           a sign-in of a real user (subject: the user name)
  web.login_locked    a real user's name locked (subject: the name), or an address locked
                      (subject: the address)
  web.login_unlocked  `zizhu unlock` (detail by=command), or the first sign-in after a user
                      name's lock ran out (detail by=expiry)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import time
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.selectors import event_newest_id
from zizhu.web.models import LoginTry

BY_USER, BY_ADDRESS = "user", "address"
# A password check takes well under a second; a try still unresolved after this long belongs
# to a request that died, and no longer holds a place.
TRY_SECONDS = 30
# How long a try waits for the tries being checked ahead of it before it is refused.
WAIT_SECONDS = 20


def failure_limit(request: Any, credentials: Any = None) -> int:
    """AXES_FAILURE_LIMIT: the limit for a user name (the address's is checked here too)."""
    return int(settings.LOGIN_MAX_FAILURES)


def lockout_window(request: Any = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long failures count, and a lock lasts after the last of them."""
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def client_address(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE). Behind the HTTPS proxy, the last
    address in X-Forwarded-For, the one the proxy appended (those before it are the client's
    word); otherwise the connection's own address."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _is_address(forwarded):
            return forwarded
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_address(remote) else None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class LoginLockHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler whose check also counts the attempt."""

    def is_allowed(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        """Called by AxesStandaloneBackend before the password is checked: refuse a locked
        user name or address, else take a place in the count (waiting, if the places left
        are held by tries still being checked)."""
        username = get_client_username(request, credentials) or ""
        address = request.axes_ip_address
        using = router.db_for_write(AccessAttempt)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with transaction.atomic(using=using):
                _serialize(using, username, address)
                self.clean_expired_user_attempts(request, credentials)
                failed = _failures(request, username, address)
                if _reached(*failed):
                    request.axes_locked_out = True
                    return False
                checking = _checking(username, address)
                if not _over(failed[0] + checking[0] + 1, failed[1] + checking[1] + 1):
                    request.zizhu_try = LoginTry.objects.create(
                        username=username, ip_address=address
                    ).pk
                    return True
            if time.monotonic() > deadline:
                request.axes_locked_out = True
                return False
            time.sleep(0.1)

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        username = get_client_username(request, credentials) or ""
        return bool(_reached(*_failures(request, username, request.axes_ip_address)))

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials) or ""
        return max(_failures(request, username, request.axes_ip_address))

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        """The try's place becomes a counted failure; the failure that reaches a limit locks,
        and records it. A try refused by the lock held no place and adds nothing."""
        if request is None or getattr(request, "zizhu_try", None) is None:
            return
        username = get_client_username(request, credentials) or ""
        address = request.axes_ip_address
        using = router.db_for_write(AccessAttempt)
        with transaction.atomic(using=using):
            _serialize(using, username, address)
            before = _failures(request, username, address)
            LoginTry.objects.filter(pk=request.zizhu_try).delete()
            _count(request, username, address)
            reached = [k for k in _reached(before[0] + 1, before[1] + 1)
                       if k not in _reached(*before)]  # fmt: skip
            if BY_USER in reached and _is_user(username):
                _lock_record(BY_USER, subject=username, actor=f"web:{username}",
                             address=address)  # fmt: skip
            if BY_ADDRESS in reached and address:
                _lock_record(BY_ADDRESS, subject=address, actor="web", address=address)
        request.zizhu_try = None
        if reached:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=address)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        """A sign-in through the sign-in form (not a test's force_login): give the try's place
        back with the name's failures from this address, record the end of a lock that ran
        out, and the sign-in."""
        if request is None or getattr(request, "zizhu_try", None) is None:
            return
        username = user.get_username()
        address = request.axes_ip_address
        with transaction.atomic():
            LoginTry.objects.filter(pk=request.zizhu_try).delete()
            AccessAttempt.objects.filter(username=username, ip_address=address).delete()
            locked = event_newest_id(actions=["web.login_locked"], subject=username)
            if locked and not event_newest_id(
                actions=["web.login", "web.login_unlocked"], subject=username, after=locked
            ):
                event_record(actor=f"web:{username}", action="web.login_unlocked",
                             subject=username, detail={"by": "expiry"})  # fmt: skip
            event_record(actor=f"web:{username}", action="web.login", subject=username,
                         detail={"ip": address or ""})  # fmt: skip
        request.zizhu_try = None


def _serialize(using: str, username: str, address: str | None) -> None:
    """Hold, until the transaction ends, a lock that every attempt on the same user name or
    from the same address also takes. PostgreSQL: two advisory locks, always taken in the
    same order (no deadlock). SQLite: the database's one write lock, which a write takes;
    with IMMEDIATE transactions (zizhu.settings) BEGIN has already taken it."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = sorted({_lock_key(f"user:{username}"), _lock_key(f"address:{address}")})
            for key in keys:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        else:
            table = AccessAttempt._meta.db_table
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")


def _lock_key(text: str) -> int:
    """A signed 64-bit advisory lock key for a text, in a namespace of the sign-in lock."""
    digest = hashlib.blake2b(f"zizhu.login:{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _failures(request: Any, username: str, address: str | None) -> tuple[int, int]:
    """Failures within the lock window: of the user name (any address), of the address (any
    user name)."""
    since = request.axes_attempt_time - lockout_window(request)
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    by_user = recent.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"]
    by_address = recent.filter(ip_address=address).aggregate(n=Sum("failures_since_start"))["n"]
    return by_user or 0, by_address or 0


def _checking(username: str, address: str | None) -> tuple[int, int]:
    """Tries being checked now: for the user name, from the address. Tries of requests that
    died are dropped."""
    dead = timezone.now() - dt.timedelta(seconds=TRY_SECONDS)
    LoginTry.objects.filter(started_at__lt=dead).delete()
    return (LoginTry.objects.filter(username=username).count(),
            LoginTry.objects.filter(ip_address=address).count())  # fmt: skip


def _reached(by_user: int, by_address: int) -> list[str]:
    """The limits these counts reach: the lock."""
    reached = []
    if by_user >= settings.LOGIN_MAX_FAILURES:
        reached.append(BY_USER)
    if by_address >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        reached.append(BY_ADDRESS)
    return reached


def _over(by_user: int, by_address: int) -> bool:
    """Whether these counts pass a limit: no place left."""
    return (by_user > settings.LOGIN_MAX_FAILURES
            or by_address > settings.LOGIN_MAX_FAILURES_PER_ADDRESS)  # fmt: skip


def _count(request: Any, username: str, address: str | None) -> None:
    """One more failure for (user name, address, browser). No request data is kept: the
    attempt's count and time are all the lock needs."""
    attempt, created = AccessAttempt.objects.get_or_create(
        username=username, ip_address=address, user_agent=request.axes_user_agent,
        defaults={"get_data": "", "post_data": "", "http_accept": request.axes_http_accept,
                  "path_info": request.axes_path_info, "failures_since_start": 1},
    )  # fmt: skip
    if not created:
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            failures_since_start=F("failures_since_start") + 1,
            attempt_time=request.axes_attempt_time,
        )


def _is_user(username: str) -> bool:
    return bool(username) and get_user_model().objects.filter(username=username).exists()


def _lock_record(by: str, *, subject: str, actor: str, address: str | None) -> None:
    limit = (
        settings.LOGIN_MAX_FAILURES if by == BY_USER else settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    )
    event_record(
        actor=actor, action="web.login_locked", subject=subject,
        detail={"by": by, "failures": limit, "minutes": settings.LOGIN_LOCKOUT_MINUTES,
                "ip": address or ""},
    )  # fmt: skip


def login_unlock(*, actor: str, username: str = "", address: str = "") -> int:
    """Lift the lock of a user name (its failures from every address) or of a client address
    (its failures for every user name) before it runs out, and record who did. Returns the
    number of failures forgotten (0 when nothing was locked: the event is recorded anyway)."""
    if bool(username) == bool(address):
        raise Refused(Code.USER_INVALID, "请指定一个用户名，或用 --address 指定一个地址")
    if username and not _is_user(username):
        raise Refused(Code.USER_INVALID, f"没有这个用户：{username}")
    if address and not _is_address(address):
        raise Refused(Code.ADDRESS_INVALID, f"不是有效的网络地址：{address}")
    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(
            **({"username": username} if username else {"ip_address": address})
        )
        forgotten = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        attempts.delete()
        event_record(actor=actor, action="web.login_unlocked", subject=username or address,
                     detail={"by": "command", "failures": forgotten})  # fmt: skip
    return int(forgotten)

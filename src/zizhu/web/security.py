"""Sign-in attempts and lockout: 5 failures within 15 minutes lock a user name for 15 minutes.

Attempts are rows in the database (no cache needed, several processes agree).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zizhu.core.events import event_record
from zizhu.web.models import LoginAttempt


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_locked(*, username: str, now: dt.datetime | None = None) -> bool:
    """True when the user name has had too many failures since its last success, within
    the lockout window."""
    now = now or timezone.now()
    attempts = LoginAttempt.objects.filter(username=username, at__gte=_window_start(now))
    last_success = attempts.filter(succeeded=True).order_by("-at").first()
    failures = attempts.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success.at)
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def login_failure_record(*, username: str, ip: str = "") -> None:
    with transaction.atomic():
        LoginAttempt.objects.create(username=username[:150], succeeded=False, ip=ip)
        if login_locked(username=username):
            event_record(
                actor=f"web:{username[:140]}", action="web.login_locked", detail={"ip": ip}
            )


def login_success_record(*, username: str, ip: str = "") -> None:
    with transaction.atomic():
        LoginAttempt.objects.create(username=username, succeeded=True, ip=ip)
        event_record(actor=f"web:{username}", action="web.login", detail={"ip": ip})

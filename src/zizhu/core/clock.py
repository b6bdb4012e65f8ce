"""An explicit clock: code that needs "today" takes one, so tests can give their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return timezone.localtime()


def fixed_clock(moment: dt.datetime) -> Clock:
    return lambda: moment

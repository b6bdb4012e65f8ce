"""Sums over a whole city (the dashboard, the report, the payments page) take a few hundred
milliseconds to compute and change only when the data does. They are cached under the data's
version (the newest audit event: every change records one in its own transaction), so a page
is never staler than the last change, and nothing has to remember to clear the cache."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from zizhu.core.selectors import data_version

T = TypeVar("T")

# A request computing figures holds a marker this long at most (if it dies, the next takes
# over); the others wait this long for its result before computing themselves.
COMPUTING_SECONDS = 120
WAIT_SECONDS = 30


def cached(name: str, *key: object, compute: Callable[[], T]) -> T:
    """`compute()`, or its result from the cache for the same name, key and data version.
    `key` must hold everything the result depends on besides the data: term, scope, filters."""
    # The web's own events (sign-ins, downloads, users) and refused imports change no figure:
    # a stream of refused uploads must not empty the cache for everyone.
    version = data_version(ignoring=("web.", "import.refused."))
    digest = hashlib.sha256(repr((name, key, version)).encode()).hexdigest()
    found = cache.get(f"zizhu:page:{digest}")
    if found is not None:
        return found
    if not cache.add(f"zizhu:computing:{digest}", True, timeout=COMPUTING_SECONDS):
        # Another request is computing the same figures (just after a change, everyone asks
        # at once): wait for its result rather than repeat a city-wide sum.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            found = cache.get(f"zizhu:page:{digest}")
            if found is not None:
                return found
    value = compute()
    cache.set(f"zizhu:page:{digest}", value)
    cache.delete(f"zizhu:computing:{digest}")
    return value

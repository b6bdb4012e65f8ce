"""A pause point for crash tests: the test kills the process while it waits here.

Inactive unless ZIZHU_PAUSE_AT names the point; then the process writes ZIZHU_PAUSE_FILE (so
the test knows it got there) and sleeps, holding its open transaction, until it is killed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause_point(name: str) -> None:
    if os.environ.get("ZIZHU_PAUSE_AT") != name:
        return
    marker = os.environ.get("ZIZHU_PAUSE_FILE")
    if marker:
        Path(marker).write_text(name, encoding="utf-8")
    time.sleep(600)

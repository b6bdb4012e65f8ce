"""How far a long service has got, for whoever watches it (the web page of a background job).

A service takes `progress: Progress | None = None` and calls it at its real stage boundaries
with the fraction done (0.0 to 1.0, never going back) and what it is doing now, in Chinese.
The stages are coarse on purpose: a hook per row would put a Python loop into set-based work.
A watcher that can show rows (the command line's bar, zizhu.cli_progress) also has a
`rows_known(n)` method: a service that knows how many rows its work covers tells it once, with
`rows_known(progress, n)`; the web job page's writer has none and hears only the stages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[float, str], None]

# The stages of a file import, as (fraction done, what it does next). The database write is
# the long part of a large roster, so it spans most of the bar.
READ = (0.0, "读取文件")
CHECK = (0.2, "检查数据")
WRITE = (0.4, "写入数据库")
RESULT = (0.9, "整理结果")  # counting the rows, writing the error file
DONE = (1.0, "完成")


def silent(fraction: float, stage: str) -> None:
    """Nobody is watching (the command line, tests)."""


def progress_or_silent(progress: Progress | None) -> Progress:
    return silent if progress is None else progress


def rows_known(progress: Any, rows: int) -> None:
    """Tell a watcher that shows rows how many rows the work covers (a no-op for the others)."""
    hook = getattr(progress, "rows_known", None)
    if hook is not None:
        hook(rows)

"""The command line's progress bar (rich, on stderr): what a long command is doing now, the
rows done and their rate, and the time left. Off with --json (a document for a program, not
a person) and when stderr is not a terminal (a log file, a pipe, CI): nothing is drawn then.

The bar is a `zizhu.core.progress.Progress` hook: services call it with (fraction, stage) at
their real stage boundaries; one that knows its rows calls `rows_known(n)` once, and the bar
counts in rows from then on. A stage that starts over (a fraction below the one before) is a
new piece of work, as the demo's steps are: the bar starts again for it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

UNITS = 1000  # the bar's length while the rows are not known: fractions in thousandths


class _Rows(ProgressColumn):
    """12,345/300,000 行 · 8,120 行/秒, once the rows are known."""

    def render(self, task: Task) -> Text:
        rows = task.fields.get("rows")
        if not rows:
            return Text("")
        done = int(task.completed)
        speed = task.finished_speed or task.speed
        rate = f" · {int(speed):,} 行/秒" if speed else ""
        return Text(f"{done:,}/{int(rows):,} 行{rate}")


class Bar:
    """One bar on stderr; `bar(fraction, stage)` moves it."""

    def __init__(self, stream: IO[str]) -> None:
        self.console = Console(file=stream, stderr=stream is sys.stderr)
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(bar_width=24),
            TextColumn("{task.percentage:>3.0f}%"), _Rows(), TextColumn("剩余"),
            TimeRemainingColumn(),
            console=self.console, transient=False,
        )  # fmt: skip
        self.task: TaskID | None = None
        self.fraction = 0.0
        self.rows = 0
        self.label = ""

    def __call__(self, fraction: float, stage: str) -> None:
        if self.task is None or fraction < self.fraction:
            self._start()
        self.fraction = fraction
        assert self.task is not None
        total = self.rows or UNITS
        name = f"{self.label}：{stage}" if self.label else stage
        self.progress.update(self.task, completed=fraction * total, description=name)

    def rows_known(self, rows: int) -> None:
        if self.task is None:
            self._start()
        assert self.task is not None
        self.rows = rows
        self.progress.update(self.task, total=rows or UNITS, rows=rows,
                             completed=self.fraction * (rows or UNITS))  # fmt: skip

    def step(self, label: str) -> None:
        """A new piece of work with a name of its own (the demo's steps)."""
        self.label = label
        self._start()

    def say(self, line: str) -> None:
        """A line printed above the bar."""
        self.console.print(line, markup=False, highlight=False)

    def _start(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=False)
        self.task = self.progress.add_task(self.label or "", total=UNITS, rows=0)
        self.fraction, self.rows = 0.0, 0


def wanted(args: Any, stream: IO[str] | None = None) -> bool:
    """A bar for a person at a terminal: not with --json, not into a file or a pipe."""
    stream = stream or sys.stderr
    return not getattr(args, "json", False) and stream.isatty()


@contextmanager
def progress_bar(args: Any, stream: IO[str] | None = None) -> Iterator[Bar | None]:
    """The bar while the command works (None when it is not wanted); gone when it ends."""
    if not wanted(args, stream):
        yield None
        return
    bar = Bar(stream or sys.stderr)
    with bar.progress:
        yield bar

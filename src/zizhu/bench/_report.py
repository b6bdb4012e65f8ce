"""The benchmark's table (Chinese and English headers, aligned for CJK terminals) and the
description of the machine and database it ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from zizhu.bench._run import Measurement

_HEADERS = (
    ("种类 kind", "<"), ("文件 file", "<"), ("行 rows", ">"), ("接受 accepted", ">"),
    ("拒绝 rejected", ">"), ("未变 unchanged", ">"), ("秒 s", ">"), ("行/秒 rows/s", ">"),
    ("峰值内存 MiB", ">"),
)  # fmt: skip


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, align: str) -> str:
    fill = " " * max(0, width - _width(text))
    return text + fill if align == "<" else fill + text


def _cells(m: Measurement, label: str | None = None) -> list[str]:
    return [
        m.kind,
        label or m.file.name,
        f"{m.rows:,}",
        f"{m.accepted:,}",
        f"{m.rejected:,}",
        f"{m.unchanged:,}",
        f"{m.seconds:.1f}",
        f"{m.rows_per_second:,.0f}",
        f"{m.peak_mib:,.0f}",
    ]


def total(kind: str, parts: Sequence[Measurement]) -> Measurement:
    """A row adding up parts: counts and seconds summed, the highest peak."""
    return Measurement(
        kind=kind,
        file=Path(""),
        seconds=sum(m.seconds for m in parts),
        peak_mib=max((m.peak_mib for m in parts), default=0.0),
        rows=sum(m.rows for m in parts),
        accepted=sum(m.accepted for m in parts),
        rejected=sum(m.rejected for m in parts),
        unchanged=sum(m.unchanged for m in parts),
    )


def table(measured: Sequence[Measurement], totals: Sequence[tuple[Measurement, str]]) -> str:
    """One line per file (a failed import says why), then the total lines."""
    rows: list[list[str] | str] = []
    for m in measured:
        if m.failure:
            rows.append(f"{m.kind}  {m.file.name}  {m.failure}")
        else:
            rows.append(_cells(m))
    grid = [[h for h, _ in _HEADERS]] + [r for r in rows if isinstance(r, list)]
    grid += [_cells(m, label) for m, label in totals]
    widths = [max(_width(row[i]) for row in grid) for i in range(len(_HEADERS))]

    def line(cells: list[str]) -> str:
        padded = [pad(c, w, a) for c, w, (_, a) in zip(cells, widths, _HEADERS, strict=True)]
        return "  ".join(padded).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    out = [line(grid[0]), rule]
    out += [r if isinstance(r, str) else line(r) for r in rows]
    out += [rule] + [line(_cells(m, label)) for m, label in totals]
    return "\n".join(out)


def _cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


def machine() -> str:
    return (
        f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_gib():.0f} GiB; "
        f"Python {platform.python_version()}; {platform.system()} {platform.release()}"
    )


def database(url: str) -> str:
    """The database vendor and version, e.g. 'SQLite 3.40.1' or 'PostgreSQL 15.14'."""
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version} ({url.split(':///', 1)[-1]})"
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        return f"PostgreSQL {row[0] if row else '?'}"
    except Exception as exc:  # the version is a courtesy; the benchmark runs on without it
        return f"PostgreSQL (version unknown: {type(exc).__name__})"

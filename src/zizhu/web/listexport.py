"""Every list a page shows, downloaded as .xlsx (`?download=xlsx` on the list's own address).

The download is exactly what the page shows under its filters, every page of it: the view
builds the rows with the same selector and filters it renders with, only in large pages. IDs
and accounts are masked as on the page; counts and amounts are numbers with thousands
separators; title rows name the list, the unit and the filters. The file is written by the
streaming writer to a temporary file (never held in memory whole) and each download is an
export event.
"""

from __future__ import annotations

import tempfile
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest

from zizhu.core.events import event_record
from zizhu.core.xlsx import AMOUNT, COUNT, INT, TEXT, Workbook
from zizhu.web.scope import Viewer

__all__ = ["AMOUNT", "COUNT", "INT", "TEXT", "Column", "download_asked", "list_download", "pages"]

BATCH = 5000  # rows fetched at a time


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # TEXT, INT, COUNT, AMOUNT (zizhu.core.xlsx)
    width: int = 14


def pages(fetch: Callable[[int, int], Any], *, limit: int | None = None) -> Iterator[Any]:
    """Every row a paged selector returns, fetched BATCH at a time: `fetch(offset, limit)` is
    the page's own selector call with its filters. `limit`: the most there are (a search that
    stops counting)."""
    offset = 0
    while limit is None or offset < limit:
        size = BATCH if limit is None else min(BATCH, limit - offset)
        rows = fetch(offset, size).rows
        yield from rows
        if len(rows) < size:
            return
        offset += size


def download_asked(request: HttpRequest) -> bool:
    return request.GET.get("download") == "xlsx"


def list_download(
    *,
    viewer: Viewer,
    what: str,
    title: str,
    filters: Sequence[tuple[str, str]],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    lines: Sequence[str] = (),
    footer: Sequence[str] = (),
) -> FileResponse:
    """The .xlsx of a list: `title` (the list and its unit), a row naming each filter in force
    (label, value in words), or the given title `lines` instead, the header, the rows, then the
    `footer`. `what` names the list in the event."""
    named = [f"{label}：{value}" for label, value in filters if value]
    titles = [title, *(lines or ["；".join(named) if named else "全部"])]
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = Path(handle.name)
    try:
        with Workbook(path) as book:
            count = book.sheet(
                title[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "名单",
                [c.header for c in columns],
                [c.kind for c in columns],
                rows,
                widths=[c.width for c in columns],
                titles=titles,
                footer=footer,
            )
            book.close()
        with transaction.atomic():
            event_record(
                actor=viewer.actor,
                action="web.export",
                subject=f"{title}.xlsx",
                counts={"rows": count},
                detail={"what": what, "filters": dict(filters), "scope": viewer.scope.key},
            )
        opened = path.open("rb")
    finally:
        path.unlink(missing_ok=True)  # the open file stays readable until the response ends
    response = FileResponse(opened, as_attachment=True)
    name = urllib.parse.quote(f"{title}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response

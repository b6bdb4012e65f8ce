"""The audit trail (操作日志): every event, newest first, in words: who (the user name, and
the door they came through when not the web), what (the action's Chinese name), on what (the
subject, any whole ID number or account in it masked), how many, and the details people
wrote (notes, reasons) or chose (a school, a term)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from zizhu.audit.selectors import check_names
from zizhu.core.actions import (
    IMPORT,
    IMPORT_REFUSED,
    Action,
    action_words,
    actor_words,
    field_words,
)
from zizhu.core.money import grouped_yuan
from zizhu.core.selectors import EventRow, event_rows
from zizhu.intake.kinds import import_kinds
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.list_downloads import trail_download
from zizhu.web.listexport import download_asked, pages
from zizhu.web.views.common import PAGE_SIZE, page_of, viewer_of

DETAIL_LIMIT = 200  # characters of one detail shown


def _value(key: str, value: Any) -> str:
    if key == "amount_fen" and isinstance(value, int):
        return grouped_yuan(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= DETAIL_LIMIT else text[:DETAIL_LIMIT] + "…"


def _words(
    values: dict[str, Any], checks: dict[str, str], *, counts: bool = False
) -> list[tuple[str, str]]:
    """(name, value) of the keys the vocabulary names; the rest (internal ids) left out.
    Counts read with separators (30,000); a detail's numbers (a year, a version) do not."""
    shown = []
    for key, value in values.items():
        name = field_words(key) or checks.get(key)
        if name is not None and value not in ("", None, [], {}):
            count = counts and key != "amount_fen" and type(value) is int  # not a bool
            shown.append((name, f"{value:,}" if count else _value(key, value)))
    return shown


def _line(event: EventRow, checks: dict[str, str], imports: dict[str, str]) -> dict[str, Any]:
    return {
        "at": event.at, "actor": actor_words(event.actor),
        "action": action_words(event.action, imports=imports),
        "subject": event.subject, "counts": _words(event.counts, checks, counts=True),
        "details": _words(event.detail, checks),
    }  # fmt: skip


@role_required(Role.CITY, Role.AUDITOR)
def audit_trail(request: HttpRequest) -> HttpResponseBase:
    page = page_of(request)
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    checks = check_names()
    imports = {code: kind.name for code, kind in import_kinds().items()}
    if download_asked(request):
        return trail_download(
            viewer=viewer_of(request), title="操作日志",
            filters=[("操作", action_words(action, imports=imports) if action else ""),
                     ("操作人", actor)],
            lines=(_line(e, checks, imports) for e in pages(
                lambda offset, limit: event_rows(
                    action=action, actor=actor, offset=offset, limit=limit
                )
            )),
        )  # fmt: skip
    found = event_rows(action=action, actor=actor, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    # The vocabulary's actions, then each import kind's, then every refused import at once.
    actions = [*Action.choices,
               *((f"{IMPORT}{code}", action_words(f"{IMPORT}{code}", imports=imports))
                 for code in imports),
               (IMPORT_REFUSED, "导入被拒绝（全部）")]  # fmt: skip
    return render(
        request,
        "web/audit_trail.html",
        {"rows": [_line(e, checks, imports) for e in found.rows], "total": found.total,
         "actions": actions, "action": action, "actor": actor, "page": page,
         "pages": max(1, -(-found.total // PAGE_SIZE)),
         "query": urlencode({k: v for k, v in {"action": action, "actor": actor}.items() if v})},
    )  # fmt: skip

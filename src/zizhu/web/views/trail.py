"""The audit trail (操作日志): every event, newest first, in words: who (the user name, and
the door they came through when not the web), what (the action's Chinese name), on what (the
subject, any whole ID number or account in it masked), how many, and the details people
wrote (notes, reasons) or chose (a school, a term)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from zizhu.aid.selectors import program_names
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
from zizhu.registry.selectors import term_list
from zizhu.sources.lists import category_labels
from zizhu.web.access import role_required
from zizhu.web.constants import Role
from zizhu.web.labels import labels_of
from zizhu.web.list_downloads import trail_download
from zizhu.web.listexport import download_asked, pages
from zizhu.web.views.common import PAGE_SIZE, page_of, viewer_of

DETAIL_LIMIT = 200  # characters of one detail shown


# A code standing alone in a stored subject or detail ("440802 SEN_GRANT", "2019-2"): read
# with the vocabulary's words; anything else (names, notes, numbers) is left as it is.
_CODE = re.compile(r"(?<![\w-])(?:[A-Z][A-Z0-9_]+|(?:19|20)\d\d-[12])(?![\w-])")


def _vocabulary(checks: dict[str, str], imports: dict[str, str]) -> dict[str, str]:
    """Every code an event may hold, with its Chinese name: terms, programs of every term's
    catalogue, roles, departments, categories, checks and import kinds."""
    words: dict[str, str] = {**dict(Role.choices), **checks, **imports}
    for kind in ("list_kind", "stage", "level"):
        words.update(labels_of(kind))
    words.update(category_labels())
    for term in term_list():
        words.update(program_names(term=term.code))
        words[term.code] = term.name
    return words


def _said(text: str, words: dict[str, str]) -> str:
    return _CODE.sub(lambda found: words.get(found.group(0), found.group(0)), text)


def _value(key: str, value: Any, words: dict[str, str]) -> str:
    if key == "amount_fen" and isinstance(value, int):
        return grouped_yuan(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        text = "、".join(words.get(str(v), str(v)) for v in value)
    elif isinstance(value, str):
        text = words.get(value, _said(value, words))
    else:
        text = str(value)
    return text if len(text) <= DETAIL_LIMIT else text[:DETAIL_LIMIT] + "…"


def _words(
    values: dict[str, Any], words: dict[str, str], *, counts: bool = False
) -> list[tuple[str, str]]:
    """(name, value) of the keys the vocabulary names; the rest (internal ids) left out.
    Counts read with separators (30,000); a detail's numbers (a year, a version) do not."""
    shown = []
    for key, value in values.items():
        name = field_words(key) or (words.get(key) if key.isupper() else None)
        if name is None or value in ("", None, [], {}) or _record(value):
            continue
        count = counts and key != "amount_fen" and type(value) is int  # not a bool
        shown.append((name, f"{value:,}" if count else _value(key, value, words)))
    return shown


def _record(value: Any) -> bool:
    """A structured record kept for tools (the batches or lists an event touched, by code and
    id): its counts are shown, the record itself is not words."""
    return isinstance(value, dict) or (
        isinstance(value, list) and not all(isinstance(v, str) for v in value)
    )


def _line(event: EventRow, words: dict[str, str], imports: dict[str, str]) -> dict[str, Any]:
    return {
        "at": event.at, "actor": actor_words(event.actor),
        "action": action_words(event.action, imports=imports),
        "subject": _said(event.subject, words),
        "counts": _words(event.counts, words, counts=True),
        "details": _words(event.detail, words),
    }  # fmt: skip


@role_required(Role.CITY, Role.AUDITOR)
def audit_trail(request: HttpRequest) -> HttpResponseBase:
    page = page_of(request)
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    imports = {code: kind.name for code, kind in import_kinds().items()}
    checks = _vocabulary(check_names(), imports)
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

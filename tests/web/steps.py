"""Taking a step that asks first: open its confirmation page, then post what it showed."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def shown(client: Client, url: str) -> dict[str, str]:
    """The hidden fields of the confirmation page's form: the 人数 and 金额 it showed."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    body = page.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', body))


def confirmed(client: Client, path: str, term: str = "2019-2", **extra: str) -> Any:
    """GET path?term=…, then POST its form's fields (with `extra`) to the same path."""
    fields = shown(client, f"{path}?term={term}")
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(path, {**fields, "term": term, **extra})

"""A payee account corrected through the pages, as an officer does it: the form, the check
showing old against new, then the confirmation."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse


def seen_token(page: str) -> str:
    """The token of the payee the confirmation page was made against."""
    found = re.search(r'name="seen" value="([0-9a-f]+)"', page)
    assert found is not None, "no confirmation form on the page"
    return found.group(1)


def account_correct(client: Client, person_id: int, values: dict[str, str]) -> HttpResponse:
    """Check the correction, then confirm it with the token the check page carries; the
    response of the confirmation (a redirect to the student's page when it was saved)."""
    url = reverse("web:account_change", args=[person_id])
    checked = client.post(url, {**values, "step": "check"})
    assert checked.status_code == 200, checked.status_code
    page = checked.content.decode()
    return client.post(url, {**values, "step": "confirm", "seen": seen_token(page)})  # type: ignore[return-value]

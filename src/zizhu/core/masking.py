"""Masking personal data in lists: ID numbers and account numbers keep their ends only."""

from __future__ import annotations

import re


def mask_id_number(value: str | None) -> str:
    """`440802200801011234` -> `440802********1234` (first 6, last 4)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_account(value: str | None) -> str:
    """`6217000000000001` -> `6217********0001` (first 4, eight stars, last 4)."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "********" + value[-4:]


# An ID number (18 characters, the last a digit or X) or an account (12 to 19 digits) standing
# alone in a text: what `mask_text` hides.
_ID_OR_ACCOUNT = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{12,19})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """A text with every whole ID number and account number in it masked: for messages and
    logs that may quote a database error, and for old audit events shown on a page."""

    def masked(found: re.Match[str]) -> str:
        value = found.group(0)
        return mask_id_number(value) if len(value) == 18 else mask_account(value)

    return _ID_OR_ACCOUNT.sub(masked, text)

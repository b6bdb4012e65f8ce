"""Masking personal data in lists: ID numbers and account numbers keep their ends only."""

from __future__ import annotations


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

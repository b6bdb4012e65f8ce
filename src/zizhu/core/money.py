"""Money is whole fen (integers) inside; yuan strings only at the edges."""

from __future__ import annotations

import re

_YUAN = re.compile(r"^(\d+)(?:\.(\d{1,2}))?$")


def yuan_to_fen(text: str) -> int | None:
    """Parse a yuan amount with at most 2 decimals, not negative; None when it is not one."""
    match = _YUAN.match(text.strip())
    if match is None:
        return None
    whole, cents = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(cents)


def fen_to_yuan(fen: int) -> str:
    """Format whole fen as a yuan string with 2 decimals: 150000 -> '1500.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"

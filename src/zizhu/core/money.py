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


def grouped_yuan(fen: int) -> str:
    """Whole fen as yuan for people to read, with thousands separators and 2 decimals:
    167149700 -> '1,671,497.00' (files and JSON keep fen_to_yuan's plain form)."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def percent(part: int, whole: int) -> str | None:
    """part / whole in percent, 2 decimals, rounded half up in integers: 2 of 3 is "66.67".
    "100.00" only when every one is counted and "0.00" only when none is, so 99,999 of
    100,000 is "99.99", never a rounded-up claim of 100%. None when there is nothing to
    divide by: no rate, rather than a made-up 0 or 100."""
    if whole == 0:
        return None
    hundredths = (part * 20000 + whole) // (2 * whole)
    if part < whole:
        hundredths = min(hundredths, 9999)
    if part > 0:
        hundredths = max(hundredths, 1)
    return f"{hundredths // 100}.{hundredths % 100:02d}"

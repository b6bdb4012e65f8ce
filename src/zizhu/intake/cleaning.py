"""Cell cleaning before any check: spaces, full-width characters, non-breaking spaces."""

from __future__ import annotations

import polars as pl

# Full-width ASCII (U+FF01..U+FF5E) maps onto ASCII 0x21..0x7E; U+3000 is the ideographic space.
_FULL_WIDTH = [chr(c) for c in range(0xFF01, 0xFF5F)]
_HALF_WIDTH = [chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)]
_SPACES = ["\u00a0", "\u3000", "\u2007", "\u202f", "\ufeff", "\u200b"]
# What both paths strip from the ends: Python's whitespace, which polars' default (Rust's) lacks
# parts of (U+001C..U+001F), so that a header and a cell with the same text clean alike.
_EDGES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Clean a text column; an empty cell becomes null."""
    cleaned = (
        expr.str.replace_many(_SPACES, [" "] * len(_SPACES))
        .str.replace_many(_FULL_WIDTH, _HALF_WIDTH)
        .str.strip_chars(_EDGES)
    )
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def clean_value(text: str | None) -> str | None:
    """The same cleaning for one Python string (headers, tests)."""
    if text is None:
        return None
    for ch in _SPACES:
        text = text.replace(ch, " ")
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    text = text.strip(_EDGES)
    return text or None

"""Pseudo-random numbers as polars expressions: a hash of a row's key, the seed and a purpose.

Every draw is a pure function of (key, seed, purpose), so a row's values do not depend on how
many rows are generated or in which order, and the same seed gives the same city. polars' hash
is stable within a polars version (uv.lock pins it), not across versions.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping, Sequence

import polars as pl

_MASK = (1 << 64) - 1


def _seed(seed: int, purpose: str) -> int:
    return (seed * 0x9E3779B97F4A7C15 + zlib.crc32(purpose.encode())) & _MASK


def bits(key: pl.Expr, seed: int, purpose: str) -> pl.Expr:
    """64 random bits per row."""
    return key.hash(_seed(seed, purpose))


def unit(key: pl.Expr, seed: int, purpose: str) -> pl.Expr:
    """A number in [0, 1)."""
    return (bits(key, seed, purpose) // 2048).cast(pl.Float64) / float(1 << 53)


def below(key: pl.Expr, seed: int, purpose: str, bound: int) -> pl.Expr:
    """An integer in [0, bound)."""
    return (bits(key, seed, purpose) % bound).cast(pl.Int64)


def pick(u: pl.Expr, shares: Mapping[str, float]) -> pl.Expr:
    """The label whose slice of [0, 1) holds u; shares are normalised."""
    total = sum(shares.values())
    labels = list(shares)
    uppers, running = [], 0.0
    for label in labels:
        running += shares[label] / total
        uppers.append(running)
    expr: pl.Expr = pl.lit(labels[-1], dtype=pl.String)
    for label, upper in zip(reversed(labels[:-1]), reversed(uppers[:-1]), strict=True):
        expr = pl.when(u < upper).then(pl.lit(label, dtype=pl.String)).otherwise(expr)
    return expr


def choice(key: pl.Expr, seed: int, purpose: str, options: Sequence[str]) -> pl.Expr:
    """One of the options, uniformly."""
    table = dict(enumerate(options))
    return below(key, seed, purpose, len(options)).replace_strict(table, return_dtype=pl.String)


def day(start: dt.date, end: dt.date, u: pl.Expr) -> pl.Expr:
    """A date in [start, end], from u in [0, 1)."""
    span = (end - start).days + 1
    return pl.lit(start) + pl.duration(days=(u * span).floor().cast(pl.Int64))


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Whole counts in proportion to the weights that add up to total exactly (cumulative
    rounding, so the rounding errors never pile up)."""
    whole = sum(weights)
    counts, running, given = [], 0.0, 0
    for weight in weights:
        running += weight
        upto = round(total * running / whole)
        counts.append(upto - given)
        given = upto
    return counts

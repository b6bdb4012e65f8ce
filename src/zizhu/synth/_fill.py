"""A greedy fill over whole tables: walk candidates in order and take each one whose every key
still has room, as a loop over the candidates would, but in one step per key that runs out.

Between two moments at which some key runs out, every candidate whose keys all have room is
taken: room only falls, so a key that has run out stays out, and a candidate that does not fit
never fits later. Each step therefore takes every live candidate up to the first one that uses
the last of some key's room; that key is then dead. With k keys there are at most k + 1 steps,
each a few passes over the (candidate, key) table.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def fill(
    entries: pl.DataFrame, room: Sequence[int], left: list[int], goal: Sequence[int]
) -> pl.Series:
    """The rows taken, in order. entries: (row, key), one per key a row uses, sorted by row; a row
    with no entry is never taken. room: per key, how many more rows may use it now; left: per key,
    what is still wanted (falls with room, as a take uses both; the caller's list is updated).
    The walk ends after a take leaves no `goal` key with anything left.
    """
    room = list(room)
    taken: list[pl.Series] = []
    cursor = -1
    while True:
        dead = [key for key, n in enumerate(room) if n <= 0]
        dead_rows = entries.filter(pl.col("key").is_in(dead))["row"].unique()
        entries = entries.filter(
            (pl.col("row") > cursor) & ~pl.col("row").is_in(dead_rows.implode())
        )
        if entries.is_empty():
            break
        if not any(left[key] for key in goal):
            stop = entries["row"][0]  # a loop would stop after its next take
        else:
            rank = pl.int_range(pl.len()).over("key")
            last = pl.col("key").replace_strict(dict(enumerate(room)), return_dtype=pl.Int64) - 1
            runs_out = entries.filter(rank == last)["row"]
            stop = runs_out.min() if len(runs_out) else entries["row"][-1]
        take = entries.filter(pl.col("row") <= stop)
        for key, n in take.group_by("key").len().iter_rows():
            room[key] -= n
            left[key] -= n
        taken.append(take["row"].unique(maintain_order=True))
        cursor = stop
        if not any(left[key] for key in goal):
            break
    if not taken:
        return entries["row"].clear()
    return pl.concat(taken)

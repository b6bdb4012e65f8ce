"""The whole-table greedy fill takes exactly the candidates a loop over them would take, and
leaves exactly what the loop leaves: the seed planter's counts depend on it."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from zizhu.synth._fill import fill

KEYS = 5
Case = tuple[list[list[int]], list[int], list[int], list[int]]  # rows' keys, room, left, goal


def _walk(rows: list[list[int]], room: list[int], left: list[int], goal: list[int]) -> list[int]:
    """The loop, one candidate at a time, as the planter was first written."""
    taken = []
    for row, keys in enumerate(rows):
        if keys and all(room[key] > 0 for key in keys):
            for key in keys:
                room[key] -= 1
                left[key] -= 1
            taken.append(row)
            if not any(left[key] for key in goal):
                break
    return taken


def _entries(rows: list[list[int]]) -> pl.DataFrame:
    pairs = [(row, key) for row, keys in enumerate(rows) for key in keys]
    return pl.DataFrame(pairs, schema={"row": pl.Int64, "key": pl.Int64}, orient="row")


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    keys = st.sets(st.integers(0, KEYS - 1), max_size=3).map(sorted)
    rows = draw(st.lists(keys, max_size=40))
    room = draw(st.lists(st.integers(-2, 6), min_size=KEYS, max_size=KEYS))
    # What is wanted is never below the room: a cap only ever lowers the room.
    left = [r + draw(st.integers(0, 3)) for r in room]
    goal = draw(st.sets(st.integers(0, KEYS - 1), max_size=KEYS).map(sorted))
    return rows, room, left, goal


@settings(max_examples=300, deadline=None)
@given(_cases())
def test_fill_takes_what_the_loop_takes(case: Case) -> None:
    rows, room, left, goal = case
    expected_left = list(left)
    expected = _walk(rows, list(room), expected_left, goal)
    got = fill(_entries(rows), room, left, goal)
    assert got.to_list() == expected
    assert left == expected_left


def test_a_key_that_runs_out_stops_every_later_candidate_that_needs_it() -> None:
    rows = [[0], [0, 1], [1], [0], [1]]
    left = [2, 5]
    taken = fill(_entries(rows), [2, 5], left, goal=[1])
    assert taken.to_list() == [0, 1, 2, 4]  # row 3 needs key 0, used up by rows 0 and 1
    assert left == [0, 2]


def test_the_walk_ends_after_the_take_that_fills_the_goal() -> None:
    rows = [[0], [1], [0], [1]]
    left = [3, 1]
    assert fill(_entries(rows), [3, 1], left, goal=[1]).to_list() == [0, 1]
    assert left == [2, 0]

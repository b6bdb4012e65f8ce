"""The next year's enrolments, from the last term of the year before.

The spring term continues the autumn's school year: the same schools and grades, less the
students whose autumn roster said they had left (退学, 死亡, 转出 out of the city) and a few who
move away. The autumn starts a new school year (zizhu.synth._students.autumn, as between 2019's
terms): grades advance, a stage's top grade goes on or graduates and leaves, and entrants fill
each stage back to its size, in the grades short of it: children entering school (学前 小班) above
all, and a few moving in to other grades. In both terms a few students change school, in
their county or another: the old school's roster for the term lists them as 转出 (the departure
it recorded) and the new school's as 在读.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from zizhu.synth._random import pick, unit
from zizhu.synth._roster import status_drawn
from zizhu.synth._schools import assign_school
from zizhu.synth._students import autumn
from zizhu.synth.params import CityParams, NextYearParams

GONE = ("退学", "死亡", "转出")  # a student with this status is in no school the next term
ENROL = ["pid", "county", "stage", "grade", "school"]


@dataclass(frozen=True)
class TermMoves:
    """A term's enrolments (one per student) and the departures the old schools recorded."""

    enrolments: pl.DataFrame  # ENROL
    departures: pl.DataFrame  # ENROL: the old school's, listed 转出 on its roster

    @property
    def arrivals(self) -> pl.DataFrame:
        """pid, school: the new school's enrolment of each student who transferred."""
        return self.enrolments.join(self.departures.select("pid"), on="pid").select("pid", "school")


def staying(
    enrol: pl.DataFrame, *, term: str, params: CityParams, seed: int, arrived: pl.Series
) -> pl.DataFrame:
    """The enrolments of students who are still in school after `term`'s roster: not 退学,
    死亡 or 转出 on it. `arrived`: the pids of students who transferred in that term, whose
    status at the new school was 在读."""
    status = status_drawn(seed, term, params)
    gone = status.is_in(GONE) & ~pl.col("pid").is_in(arrived.implode())
    return enrol.filter(~gone)


def transfers(
    enrol: pl.DataFrame,
    *,
    may_move: pl.Expr,
    units: pl.DataFrame,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    term: str,
) -> TermMoves:
    """A share of the students `may_move` selects change school: another school of their stage
    in their county, or in another county."""
    key = pl.col("pid")
    chosen = may_move & (pl.col("stage") != "高校") & (unit(key, seed, f"transfer-{term}")
                                                      < moves.transfer)  # fmt: skip
    elsewhere = unit(key, seed, f"transfer-county-{term}") < moves.transfer_other_county
    county = pick(unit(key, seed, f"transfer-to-{term}"), params.county_weights)
    moving = enrol.filter(chosen).rename({"school": "_was", "county": "_was_county"})
    moving = moving.with_columns(
        pl.when(elsewhere).then(county).otherwise(pl.col("_was_county")).alias("county")
    )
    moved = assign_school(moving, units, unit(key, seed, f"transfer-school-{term}"))
    moved = moved.filter(pl.col("school") != pl.col("_was"))
    departures = moved.select(
        "pid", pl.col("_was_county").alias("county"), "stage", "grade",
        pl.col("_was").alias("school"),
    )  # fmt: skip
    kept = enrol.filter(~key.is_in(moved["pid"].implode()))
    together = pl.concat([kept.select(ENROL), moved.select(ENROL)]).sort("pid")
    return TermMoves(together, departures.sort("pid"))


def spring_moves(
    last_autumn: pl.DataFrame,
    *,
    last_term: str,
    last_arrivals: pl.DataFrame,
    units: pl.DataFrame,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    term: str,
) -> TermMoves:
    """The spring term's enrolments from the last autumn's."""
    stays = staying(last_autumn, term=last_term, params=params, seed=seed,
                    arrived=last_arrivals["pid"])  # fmt: skip
    stays = stays.filter(unit(pl.col("pid"), seed, f"leave-{term}") >= moves.leave_midyear)
    return transfers(stays, may_move=pl.lit(True), units=units, params=params, moves=moves,
                     seed=seed, term=term)  # fmt: skip


def autumn_moves(
    spring: TermMoves,
    students: pl.DataFrame,
    *,
    spring_term: str,
    units: pl.DataFrame,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    year: int,
) -> tuple[pl.DataFrame, TermMoves]:
    """(the entrants' own facts, the autumn term's moves) from the spring term's. `students`
    holds every student so far, numbered 0 … height - 1 (entrants are numbered on from there)."""
    if students.height and students["pid"].max() != students.height - 1:
        raise ValueError("students must be numbered 0 … height - 1")
    stays = staying(spring.enrolments, term=spring_term, params=params, seed=seed,
                    arrived=spring.arrivals["pid"])  # fmt: skip
    # Where a student moved to another county, the next stage's school is there too.
    here = stays.filter(pl.col("stage") != "高校").select("pid", pl.col("county").alias("_now"))
    people = (
        students.join(here, on="pid", how="left")
        .with_columns(pl.coalesce("_now", "home").alias("home"))
        .drop("_now")
    )
    entrants, enrol = autumn(people, stays, params, seed, year, units)
    before = spring.enrolments.select("pid", pl.col("school").alias("_before"))
    same_school = pl.col("school") == pl.col("_before")
    marked = enrol.join(before, on="pid", how="left")
    moved = transfers(marked, may_move=same_school.fill_null(False), units=units, params=params,
                      moves=moves, seed=seed, term=f"{year}-2")  # fmt: skip
    return entrants, moved

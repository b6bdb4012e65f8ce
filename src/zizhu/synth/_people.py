"""Everyone in the city with a name and an ID number: students, their guardians, and the
people on department lists who are not students. Person ids (pid) are unique across all."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._ids import with_ids
from zizhu.synth._names import full_name, surname
from zizhu.synth._random import day, unit

# pid ranges: students from 0, a student's guardian at GUARDIAN + the student's pid, the
# department lists' other people from OTHERS upwards.
GUARDIAN = 1 << 40
OTHERS = 1 << 41
PERSON_COLUMNS = ["pid", "region", "birth", "male", "name"]


def with_names(students: pl.DataFrame, seed: int) -> pl.DataFrame:
    return students.with_columns(full_name(pl.col("pid"), seed, pl.col("male")).alias("name"))


def is_male(pid: pl.Expr, seed: int) -> pl.Expr:
    """The sex of a guardian or of a person out of school (a household's spouse is the other)."""
    return unit(pid, seed, "sex") < 0.5


def guardians(students: pl.DataFrame, seed: int) -> pl.DataFrame:
    """One parent per student: a father carries the child's surname, a mother her own."""
    pid = pl.col("pid") + GUARDIAN
    male = is_male(pid, seed)
    years_older = 22 + unit(pid, seed, "parent-age") * 20
    family = pl.when(male).then(pl.col("name").str.slice(0, 1)).otherwise(surname(pid, seed))
    return students.select(
        pid.alias("pid"),
        pl.col("hukou").alias("region"),
        (pl.col("birth") - pl.duration(days=(years_older * 365.25).cast(pl.Int64))).alias("birth"),
        male.alias("male"),
        full_name(pid, seed, male, family).alias("name"),
    )


def pids(count: int, first: int) -> pl.DataFrame:
    return pl.select((pl.int_range(count, dtype=pl.UInt64) + first).alias("pid"))


def others(
    frame: pl.DataFrame, seed: int, born: tuple[dt.date, dt.date], male: pl.Expr | None = None
) -> pl.DataFrame:
    """People not in school. frame: pid, region (where they live) and what `male` reads, if
    given (else the sex is drawn); adds birth, male, name."""
    pid = pl.col("pid")
    male = is_male(pid, seed) if male is None else male
    return frame.with_columns(
        day(born[0], born[1], unit(pid, seed, "born")).alias("birth"),
        male.alias("male"),
        full_name(pid, seed, male).alias("name"),
    )


def identify(frames: list[pl.DataFrame], seed: int, *, shift: int = 0) -> pl.DataFrame:
    """pid, name, male, birth, id_number, j_number for everyone (IDs unique across all; a
    `shift` keeps them apart from an earlier call's, zizhu.synth._ids.with_ids)."""
    people = pl.concat([f.select(PERSON_COLUMNS) for f in frames])
    return with_ids(people, seed, shift=shift).drop("region")

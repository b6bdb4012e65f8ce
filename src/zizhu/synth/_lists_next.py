"""The departments' lists of the next year, as each department would send its new version.

- 建档立卡 (a list per 年度): last year's households with their status moved on (most 未脱贫
  households are out of poverty and still enjoy the policy, a few that were out leave it), and
  households new on the list, each headed by a student's guardian: a few newly registered, and
  those of children starting school as often as last year's students were on it.
- 民政: the whole list again, every record kept (the records carry their own dates); a share of
  open periods end, before the spring reference date or during the spring term, and as many
  students' new periods begin, in force for both terms or from the autumn. No date moves into
  the last year's terms, so their categories stay as they were.
- 残联: the list again, with certificates of students who first enrol in the autumn (a list
  without dates is in force for every term: nobody in school last year gains a category).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._people import GUARDIAN
from zizhu.synth._random import day, pick, unit
from zizhu.synth.params import CityParams, NextYearParams

_DISABILITY_TYPES = {"视力": "1", "听力": "2", "言语": "3", "肢体": "4", "智力": "5", "精神": "6",
                     "多重": "7"}  # fmt: skip


def _local(params: CityParams) -> pl.Expr:
    return pl.col("hukou").is_in(list(params.county_weights))


def _list_county(params: CityParams) -> pl.Expr:
    return pl.when(_local(params)).then(pl.col("hukou")).otherwise(pl.col("home"))


def _rural_weight() -> pl.Expr:
    return pl.when(pl.col("rural")).then(1.25).otherwise(0.4)


def jdlk_next(
    rows: pl.DataFrame,
    students: pl.DataFrame,
    *,
    entrants: pl.Series,
    entrant_share: float,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    year: int,
) -> pl.DataFrame:
    """rows: last year's list (household, county, pid, relation, variant, status); students:
    this year's (pid, hukou, home, rural, no_id); entrants: the pids of those first enrolled
    this year, whose households are on the list as often as last year's students' were
    (`entrant_share`): children of poor households start school too. Returns this year's list."""
    u = unit(pl.col("household"), seed, f"jdlk-{year}")
    status = pl.col("status")
    moved_on = (
        pl.when((status == "未脱贫") & (u < moves.jdlk_out_of_poverty))
        .then(pl.lit("已脱贫享受政策"))
        .when((status == "已脱贫享受政策") & (u < moves.jdlk_leave))
        .then(pl.lit("已脱贫不享受政策"))
        .otherwise(status)
    )
    kept = rows.with_columns(moved_on.alias("status"))
    entrant = pl.col("pid").is_in(entrants.implode())
    share = pl.when(entrant).then(entrant_share).otherwise(moves.jdlk_enter)
    chosen = (
        _local(params)
        & ~pl.col("no_id")
        & ~pl.col("pid").is_in(rows["pid"].implode())
        & (unit(pl.col("pid"), seed, f"jdlk-enter-{year}") < share * _rural_weight())
    )
    # A household newly registered is 未脱贫; an entrant's was registered before, and is out
    # of poverty (still enjoying the policy) about as often as the others.
    status = pl.when(entrant).then(
        pick(unit(pl.col("pid"), seed, f"jdlk-status-{year}"),
             {"未脱贫": 0.1, "已脱贫享受政策": 0.9})
    ).otherwise(pl.lit("未脱贫"))  # fmt: skip
    entering = students.filter(chosen).select(
        pl.col("pid").alias("household"), _list_county(params).alias("county"), "pid",
        status.alias("status"),
    )  # fmt: skip
    members = entering.with_columns(pl.lit("子女").alias("relation"))
    heads = entering.with_columns(
        (pl.col("pid") + GUARDIAN).alias("pid"), pl.lit("户主").alias("relation")
    )
    new = pl.concat([heads, members.select(heads.columns)]).with_columns(
        pl.lit(False).alias("variant")
    )
    return pl.concat([kept, new.select(kept.columns)]).sort("county", "household", "pid")


def civil_next(
    rows: pl.DataFrame,
    students: pl.DataFrame,
    *,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    year: int,
) -> pl.DataFrame:
    """rows: the list as it stands (pid, county, variant, category, start, end); students:
    this year's (pid, hukou, home, rural). Returns the list's new version."""
    last_autumn = dt.date(year - 1, 9, 1)  # the last reference date of the year before
    spring, autumn = dt.date(year, 3, 1), dt.date(year, 9, 1)
    u = unit(pl.col("pid"), seed, f"civil-end-{year}")
    is_open = pl.col("end").is_null()
    ends_early = is_open & (u < moves.civil_end_before_spring)
    ends_later = is_open & ~ends_early & (u < moves.civil_end_before_spring
                                          + moves.civil_end_in_spring)  # fmt: skip
    v = unit(pl.col("pid"), seed, f"civil-end-day-{year}")
    end = (
        pl.when(ends_early)
        .then(day(last_autumn + dt.timedelta(days=1), spring - dt.timedelta(days=1), v))
        .when(ends_later)
        .then(day(spring + dt.timedelta(days=1), autumn - dt.timedelta(days=1), v))
        .otherwise(pl.col("end"))
    )
    student_ids = students["pid"].implode()
    ended = rows.filter(pl.col("pid").is_in(student_ids) & (ends_early | ends_later)).height
    kept = rows.with_columns(end.alias("end"))
    count = round(ended * moves.civil_begin_per_end)
    weight = _rural_weight()
    key = unit(pl.col("pid"), seed, f"civil-begin-{year}").pow(1 / weight)
    beginning = (
        students.filter(~pl.col("pid").is_in(rows["pid"].implode()))
        .with_columns(key.alias("_k"))
        .top_k(count, by="_k")
    )
    w = unit(pl.col("pid"), seed, f"civil-begin-day-{year}")
    both_terms = unit(pl.col("pid"), seed, f"civil-begin-when-{year}") < 0.6
    start = (
        pl.when(both_terms)
        .then(day(last_autumn + dt.timedelta(days=1), spring - dt.timedelta(days=1), w))
        .otherwise(day(spring + dt.timedelta(days=1), autumn - dt.timedelta(days=1), w))
    )
    tekun = unit(pl.col("pid"), seed, f"civil-tekun-{year}") < 0.08
    category = (
        pl.when(~pl.col("rural"))
        .then(pl.lit("城市低保"))
        .when(tekun)
        .then(pl.lit("特困供养"))
        .otherwise(pl.lit("农村低保"))
    )
    new = beginning.select(
        "pid",
        _list_county(params).alias("county"),
        pl.lit(False).alias("variant"),
        category.alias("category"),
        start.alias("start"),
        pl.lit(None, dtype=pl.Date).alias("end"),
    )
    return pl.concat([kept, new.select(kept.columns)]).sort("county", "pid")


def disability_next(
    rows: pl.DataFrame,
    entrants: pl.DataFrame,
    *,
    params: CityParams,
    moves: NextYearParams,
    seed: int,
    year: int,
) -> pl.DataFrame:
    """rows: the list as it stands (pid, county, variant, kind, kind_digit, grade); entrants:
    the students who first enrol this year (pid, hukou, home, no_id)."""
    key = pl.col("pid")
    chosen = ~pl.col("no_id") & (unit(key, seed, f"disability-new-{year}") < moves.disability_new)
    kind = pick(unit(key, seed, "disability-type"), dict.fromkeys(_DISABILITY_TYPES, 1.0))
    new = entrants.filter(chosen).select(
        "pid",
        _list_county(params).alias("county"),
        pl.lit(False).alias("variant"),
        kind.alias("kind"),
        kind.replace_strict(_DISABILITY_TYPES).alias("kind_digit"),
        pick(unit(key, seed, "disability-grade"), params.disability_grades).alias("grade"),
    )
    return pl.concat([rows, new.select(rows.columns)]).sort("county", "pid")

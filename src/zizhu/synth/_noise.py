"""What real rosters carry besides clean rows: a student 在读 at two schools, an account named
by a whole group of students, and rows an importer must reject."""

from __future__ import annotations

import polars as pl

from zizhu.synth._random import bits, pick, unit
from zizhu.synth._schools import assign_school
from zizhu.synth.params import CityParams

ORDER = ["county", "学校标识码", "学段", "年级", "班级", "pid"]  # how a roster file is sorted
_GROUP = 6  # students naming one account: more than the 4 a family explains


def _chosen(
    rows: pl.DataFrame, count: int, seed: int, purpose: str, where: pl.Expr
) -> pl.DataFrame:
    """pid and n (0, 1, …) of `count` rows chosen at random among those matching `where`."""
    candidates = rows.filter(where).select("pid", bits(pl.col("pid"), seed, purpose).alias("_r"))
    chosen = candidates.unique("pid").bottom_k(count, by="_r").sort("_r")
    return chosen.select("pid", pl.int_range(pl.len()).alias("n"))


def _second_enrolments(
    rows: pl.DataFrame,
    units: pl.DataFrame,
    counties: dict[str, float],
    count: int,
    seed: int,
    term: str,
) -> pl.DataFrame:
    """The same students' rows at another school of the same stage."""
    enrolled = (pl.col("在校状态") == "在读") & (pl.col("stage") != "高校")
    twice = _chosen(rows, count, seed, f"dup-{term}", enrolled).select("pid")
    # Often in another county: a family that moved and was enrolled again without a transfer.
    county = pick(unit(pl.col("pid"), seed, f"dup-county-{term}"), counties)
    again = (
        rows.join(twice, on="pid")
        .rename({"学校标识码": "_was"})
        .with_columns(county.alias("county"))
    )
    again = assign_school(
        again, units.rename({"school": "学校标识码"}), unit(pl.col("pid"), seed, f"dup-{term}")
    )
    return again.filter(pl.col("学校标识码") != pl.col("_was")).select(rows.columns)


def add_noise(
    rows: pl.DataFrame, units: pl.DataFrame, params: CityParams, seed: int, term: str
) -> pl.DataFrame:
    """rows: pid, county, stage (the enrolment's) and the roster's columns."""
    total = rows.height
    count = round(total * params.duplicate_enrolments)
    second = _second_enrolments(rows, units, params.county_weights, count, seed, term)
    rows = pl.concat([rows, second])
    # Groups of students naming the first one's account, each with their own payee.
    sharing = _chosen(
        rows,
        round(total * params.shared_account_groups) * _GROUP,
        seed,
        f"shared-{term}",
        pl.col("收款账号").is_not_null(),
    )
    accounts = rows.select("pid", "收款账号").unique("pid")
    shared = (
        sharing.join(accounts, on="pid")
        .sort("n")
        .select("pid", pl.col("收款账号").first().over(pl.col("n") // _GROUP).alias("_shared"))
    )
    # Rows to reject: a wrong check character, an ID Excel turned into a number, no name.
    broken = _chosen(
        rows,
        round(total * params.invalid_rows),
        seed,
        f"invalid-{term}",
        pl.col("身份证件号").is_not_null(),
    )
    faults = broken.select("pid", (pl.col("n") % 3).alias("_fault"))
    id_number = pl.col("身份证件号")
    wrong_check = pl.concat_str(
        id_number.str.slice(0, 17),
        pl.when(id_number.str.ends_with("0")).then(pl.lit("1")).otherwise(pl.lit("0")),
    )
    as_number = pl.concat_str(
        id_number.str.slice(0, 1), pl.lit("."), id_number.str.slice(1, 5), pl.lit("E+17")
    )
    fault = pl.col("_fault")
    return (
        rows.join(shared, on="pid", how="left")
        .join(faults, on="pid", how="left")
        .with_columns(
            pl.coalesce("_shared", "收款账号").alias("收款账号"),
            pl.when(fault == 0)
            .then(wrong_check)
            .when(fault == 1)
            .then(as_number)
            .otherwise(id_number)
            .alias("身份证件号"),
            pl.when(fault == 2).then(None).otherwise(pl.col("姓名")).alias("姓名"),
        )
        .drop("_shared", "_fault")
        .sort(ORDER)
    )

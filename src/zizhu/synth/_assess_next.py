"""Schools' 认定 of a term of the next year, from the same term of the year before.

A school assesses its students much as it did: in each cell of students (stage, boarding, and
for 中职 whether in the first two grades, which is what the programs read), the share assessed
is last year's share for the same half-year, among students with no category in force. Who is
assessed is sticky: the students assessed the term before come first (at the level they had),
then others in a random order. Students with a category in force are 特别困难 (now and then a
school's 不困难 for one: a conflict the category wins), as in 2019.
"""

from __future__ import annotations

import polars as pl

from zizhu.synth._assess import ASSESSMENT_REASONS
from zizhu.synth._random import choice, pick, unit
from zizhu.synth.params import CityParams

LISTED_BASIS = "家庭经济困难（部门名单）"  # the 2019 demo's basis for a student with a category
ASSESSED = ("特别困难", "困难", "一般困难")


def term_cells(roster: pl.DataFrame, enrolments: pl.DataFrame) -> pl.DataFrame:
    """pid and cell of each student 在读 on a term's clean roster (学前 to 中职), one row each."""
    grades = enrolments.select("pid", "grade").unique("pid")
    early = (pl.col("stage") == "中职") & (pl.col("grade") <= 2)
    return (
        roster.filter((pl.col("在校状态") == "在读") & (pl.col("stage") != "高校"))
        .unique("pid", keep="first", maintain_order=True)
        .join(grades, on="pid")
        .select("pid", pl.concat_str("stage", "是否寄宿", early.cast(pl.String)).alias("cell"))
    )


def shares(cells: pl.DataFrame, assessed: pl.DataFrame, listed: pl.DataFrame) -> pl.DataFrame:
    """cell, share: of a term's students with no category in force (`listed`: pid), the share
    the schools assessed in hardship (`assessed`: pid, level)."""
    picked = assessed.filter(pl.col("level").is_in(ASSESSED)).select(
        "pid", pl.lit(True).alias("_yes")
    )
    return (
        cells.join(listed.select("pid"), on="pid", how="anti")
        .join(picked, on="pid", how="left")
        .group_by("cell")
        .agg(pl.col("_yes").fill_null(False).mean().alias("share"))
    )


def assess_term(
    cells: pl.DataFrame,
    listed: pl.DataFrame,
    shares_before: pl.DataFrame,
    sticky: pl.DataFrame,
    *,
    params: CityParams,
    seed: int,
    term: str,
) -> pl.DataFrame:
    """pid, level, basis of the term's 认定. cells: the term's students (term_cells); listed:
    pid of those with a category in force; shares_before: last year's shares (cell, share);
    sticky: pid, level of the students assessed the term before."""
    key = pl.col("pid")
    on_list = cells.join(listed.select("pid"), on="pid", how="semi")
    conflict = unit(key, seed, f"demo-conflict-{term}") < params.category_not_hardship
    listed_rows = on_list.select(
        "pid",
        pl.when(conflict).then(pl.lit("不困难")).otherwise(pl.lit("特别困难")).alias("level"),
        pl.lit(LISTED_BASIS).alias("basis"),
    )
    before = sticky.filter(pl.col("level").is_in(ASSESSED)).select(
        "pid", pl.col("level").alias("_was")
    )
    others = (
        cells.join(listed.select("pid"), on="pid", how="anti")
        .join(shares_before, on="cell", how="left")
        .join(before, on="pid", how="left")
        .with_columns(
            # The students assessed before come first: their keys are below every other's.
            (
                unit(key, seed, f"assess-order-{term}") + pl.col("_was").is_null().cast(pl.Float64)
            ).alias("_k")
        )
        .with_columns(
            pl.col("_k").rank("ordinal").over("cell").alias("_rank"),
            (pl.col("share").fill_null(0.0) * pl.len().over("cell")).round().alias("_n"),
        )
        .filter(pl.col("_rank") <= pl.col("_n"))
    )
    level = pl.coalesce("_was", pick(unit(key, seed, f"assess-level-{term}"),
                                     params.assessed_levels))  # fmt: skip
    basis = choice(key, seed, "assess-reason", ASSESSMENT_REASONS)
    assessed = others.select("pid", level.alias("level"), basis.alias("basis"))
    return pl.concat([assessed, listed_rows]).sort("pid")

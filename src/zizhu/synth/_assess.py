"""Schools' own 认定 (家庭经济困难学生认定) for a term, and the 生源地信用助学贷款 contracts."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._random import bits, choice, pick, unit
from zizhu.synth.params import CityParams

ASSESSMENT_HEADERS = ("学期", "学校标识码", "学籍号", "姓名", "身份证件号", "困难等级", "认定依据")
ASSESSMENT_REASONS = (
    "家庭成员患重大疾病",
    "单亲家庭",
    "家庭遭受自然灾害",
    "父母失业或收入低",
    "多子女同时就学",
)
_CAP = {"专科": 8000, "本科": 8000, "研究生": 12000}


def assessment_rows(
    roster: pl.DataFrame, categories: pl.DataFrame, params: CityParams, seed: int, term: str
) -> pl.DataFrame:
    """roster: the term's rows (pid, county, stage, roster columns); categories: pid, basis
    (the student's first category in force). Returns county + ASSESSMENT_HEADERS."""
    key = pl.col("pid")
    u = unit(key, seed, f"assess-{term}")
    has_category = pl.col("basis").is_not_null()
    level = (
        pl.when(has_category & (u < params.category_not_hardship))
        .then(pl.lit("不困难"))
        .when(has_category & (u < params.category_assessed))
        .then(pl.lit("特别困难"))
        .when(~has_category & (u < params.assessed))
        .then(pick(unit(key, seed, f"assess-level-{term}"), params.assessed_levels))
    )
    basis = pl.coalesce("basis", choice(key, seed, "assess-reason", ASSESSMENT_REASONS))
    students = roster.filter((pl.col("在校状态") == "在读") & (pl.col("stage") != "高校"))
    return (
        students.unique("pid", keep="first", maintain_order=True)
        .join(categories, on="pid", how="left", maintain_order="left")
        .with_columns(level.alias("困难等级"), basis.alias("认定依据"))
        .filter(pl.col("困难等级").is_not_null())
        .select("county", *ASSESSMENT_HEADERS)
    )


def loan_rows(
    roster: pl.DataFrame, count: int, params: CityParams, seed: int, year: int
) -> pl.DataFrame:
    """Contracts for `count` 高校 students of the roster (with an ID), amounts within caps."""
    key = pl.col("pid")
    borrowers = (
        roster.filter((pl.col("stage") == "高校") & pl.col("身份证件号").is_not_null())
        .unique("pid")
        .with_columns(bits(key, seed, "loan").alias("_r"))
        .sort("_r")
        .head(count)
    )
    level = pick(unit(key, seed, "loan-level"), params.loan_levels)
    cap = level.replace_strict(_CAP, return_dtype=pl.Int64)
    at_cap = unit(key, seed, "loan-at-cap") < params.loan_at_cap
    below_cap = cap - 1000 * (1 + (unit(key, seed, "loan-less") * 3).floor().cast(pl.Int64))
    disbursed = pl.lit(dt.date(year, 9, 15)) + pl.duration(
        days=(unit(key, seed, "loan-day") * 90).floor().cast(pl.Int64)
    )
    serial = pl.int_range(pl.len()).over("户籍地代码") + 1
    return borrowers.sort("户籍地代码", "pid").select(
        pl.concat_str(
            pl.col("户籍地代码"), pl.lit(str(year)), serial.cast(pl.String).str.zfill(6)
        ).alias("合同编号"),
        pl.lit(f"{year}-{year + 1}").alias("学年"),
        "姓名",
        "身份证件号",
        "户籍地代码",
        pl.col("school_name").alias("就读高校"),
        level.alias("学历层次"),
        pl.when(at_cap).then(cap).otherwise(below_cap).cast(pl.String).alias("贷款金额"),
        disbursed.dt.strftime("%Y-%m-%d").alias("放款日期"),
    )

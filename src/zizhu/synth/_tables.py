"""The schools and department lists as the files' tables: Chinese headers, text cells."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._names import variant

_GRADE_DIGIT = {"一级": "1", "二级": "2", "三级": "3", "四级": "4"}
# What a school writes as the 认定依据 of a student with a category in force.
_BASIS = {"JDLK": "建档立卡贫困家庭", "DISABILITY": "残疾学生"}


def schools_table(schools: pl.DataFrame) -> pl.DataFrame:
    return schools.select(
        pl.col("code").alias("学校标识码"),
        pl.col("name").alias("学校名称"),
        pl.col("county").alias("区县代码"),
        pl.col("stages").alias("学段"),
        pl.col("ownership").alias("办学性质"),
        pl.col("locale").alias("城乡分类"),
        pl.col("fee").alias("学费标准"),
        pl.lit(None, dtype=pl.String).alias("学费起始学期"),
    )


def _named(rows: pl.DataFrame, people: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Join name and ID; a `variant` row writes the name differently."""
    joined = rows.join(people.select("pid", "name", "id_number"), on="pid", maintain_order="left")
    name = pl.when("variant").then(variant(pl.col("name"), pl.col("pid"), seed))
    return joined.with_columns(name.otherwise("name").alias("name"))


def jdlk_table(rows: pl.DataFrame, people: pl.DataFrame, seed: int, year: int) -> pl.DataFrame:
    named = _named(rows, people, seed)
    heads = named.filter(pl.col("relation") == "户主").select(
        "household", pl.col("name").alias("head_name"), pl.col("id_number").alias("head_id")
    )
    number = pl.col("household").rank("dense").cast(pl.String).str.zfill(8)
    return named.join(heads, on="household", how="left", maintain_order="left").select(
        pl.lit(str(year)).alias("年度"),
        pl.col("county").alias("区县代码"),
        pl.concat_str("county", number).alias("户编号"),
        pl.col("head_name").alias("户主姓名"),
        pl.col("head_id").alias("户主身份证号"),
        pl.col("name").alias("姓名"),
        pl.col("id_number").alias("身份证件号"),
        pl.col("relation").alias("与户主关系"),
        pl.col("status").alias("脱贫状态"),
    )


def civil_table(rows: pl.DataFrame, people: pl.DataFrame, seed: int) -> pl.DataFrame:
    return (
        _named(rows, people, seed)
        .sort("county", "pid")
        .select(
            pl.col("name").alias("姓名"),
            pl.col("id_number").alias("身份证件号"),
            pl.col("category").alias("救助类别"),
            pl.col("start").dt.strftime("%Y-%m-%d").alias("起始日期"),
            pl.col("end").dt.strftime("%Y-%m-%d").alias("终止日期"),
            pl.col("county").alias("区县代码"),
        )
    )


def disability_table(rows: pl.DataFrame, people: pl.DataFrame, seed: int) -> pl.DataFrame:
    certificate = pl.concat_str(
        "id_number", "kind_digit", pl.col("grade").replace_strict(_GRADE_DIGIT)
    )
    return (
        _named(rows, people, seed)
        .sort("county", "pid")
        .select(
            pl.col("name").alias("姓名"),
            pl.col("id_number").alias("身份证件号"),
            certificate.alias("残疾证号"),
            pl.concat_str("kind", pl.lit("残疾")).alias("残疾类别"),
            pl.col("grade").alias("残疾等级"),
            pl.col("county").alias("区县代码"),
        )
    )


def categories_in_force(
    jdlk: pl.DataFrame, civil: pl.DataFrame, disability: pl.DataFrame, reference: dt.date
) -> pl.DataFrame:
    """pid, basis: each person's first category in force on the reference date, as a school
    would write it as the 认定依据."""
    civil_basis = pl.when(pl.col("category").str.ends_with("低保")).then(
        pl.concat_str("category", pl.lit("家庭"))
    )
    in_force = (pl.col("start") <= reference) & (
        pl.col("end").is_null() | (pl.col("end") >= reference)
    )
    parts = [
        jdlk.filter(pl.col("status") != "已脱贫不享受政策").select(
            "pid", pl.lit(_BASIS["JDLK"]).alias("basis")
        ),
        civil.filter(in_force).select(
            "pid", civil_basis.otherwise(pl.col("category")).alias("basis")
        ),
        disability.select("pid", pl.lit(_BASIS["DISABILITY"]).alias("basis")),
    ]
    return pl.concat(parts).unique("pid", keep="first", maintain_order=True)

"""The city's schools (学前 to 中职, per county) and the universities its students attend."""

from __future__ import annotations

import polars as pl

from zizhu.synth._random import apportion, unit
from zizhu.synth.params import COUNTIES, SCHOOL_KINDS, CityParams

# Kinds every county has at least one of, so that each stage has a school in every county.
_ESSENTIAL = ("幼儿园", "小学", "初级中学", "高级中学", "职业技术学校")
_SUFFIX = {
    "幼儿园": "幼儿园", "小学": "小学", "九年一贯制学校": "学校", "初级中学": "初级中学",
    "完全中学": "中学", "高级中学": "高级中学", "职业技术学校": "职业技术学校",
    "技工学校": "技工学校",
}  # fmt: skip
_PLACES = (  # place names of the Leizhou peninsula, for school names
    "东山", "南岭", "北坡", "西湖", "金沙", "海滨", "椹川", "湖光", "太平", "龙头", "城月", "洋青",
    "杨柑", "乐民", "北和", "纪家", "唐家", "客路", "英利", "龙塘", "下桥", "曲界", "前山", "西连",
    "石城", "安铺", "营仔", "河唇", "青平", "雅塘", "长山", "塘缀", "吉水", "覃斗", "乌石", "东里",
    "南兴", "调风", "沈塘", "松竹", "黄坡", "梅菉", "塘尾", "覃巴", "王村港", "振文", "樟铺",
    "长岐", "浅水", "吴阳",
)  # fmt: skip
# (name, county code of its campus, relative share of Zhanjiang's students there).
UNIVERSITIES = (
    ("广东海洋大学", "440811", 6.0), ("岭南师范学院", "440802", 5.0),
    ("广东医科大学", "440811", 3.0), ("湛江科技学院", "440811", 2.0),
    ("湛江幼儿师范专科学校", "440803", 2.0), ("广东文理职业学院", "440811", 1.5),
    ("广东石油化工学院", "440902", 2.0), ("茂名职业技术学院", "440902", 1.0),
    ("中山大学", "440105", 1.5), ("华南理工大学", "440106", 1.0), ("暨南大学", "440106", 1.0),
    ("华南师范大学", "440106", 1.5), ("华南农业大学", "440106", 2.0),
    ("广州大学", "440113", 1.5), ("广东工业大学", "440104", 1.5),
    ("广东财经大学", "440105", 1.0), ("广东外语外贸大学", "440111", 1.0),
    ("广东技术师范大学", "440106", 1.5), ("深圳大学", "440305", 1.0),
    ("韩山师范学院", "445102", 1.0), ("嘉应学院", "441402", 1.0), ("肇庆学院", "441202", 1.0),
    ("广东轻工职业技术学院", "440105", 1.0), ("广西大学", "450102", 0.5),
    ("海南大学", "460108", 0.5), ("湖南大学", "430104", 0.3), ("武汉大学", "420106", 0.3),
    ("北京大学", "110108", 0.2),
)  # fmt: skip


def _counts(params: CityParams, scale: float) -> pl.DataFrame:
    """How many schools of each kind each county has (Python over 9 x 8 cells only)."""
    counties = list(params.county_weights)
    weights = list(params.county_weights.values())
    rows = []
    for kind, total in params.school_kinds.items():
        for county, n in zip(counties, apportion(round(total * scale), weights), strict=True):
            rows.append((county, kind, max(n, 1) if kind in _ESSENTIAL else n))
    return pl.DataFrame(rows, schema=["county", "kind", "n"], orient="row")


def _stage_text(kinds: pl.Expr) -> pl.Expr:
    table = {
        k: ";".join("技工学校" if k == "技工学校" else s for s in v)
        for k, v in SCHOOL_KINDS.items()
    }
    return kinds.replace_strict(table, return_dtype=pl.String)


def _local_schools(params: CityParams, scale: float, seed: int) -> pl.DataFrame:
    frame = _counts(params, scale).with_columns(pl.int_ranges(0, "n").alias("k")).explode("k")
    frame = frame.filter(pl.col("k").is_not_null()).sort("county", "kind", "k")
    serial = pl.int_range(pl.len()).over("county") + 1
    code = pl.concat_str(
        pl.lit("21"), pl.col("county").str.slice(2), serial.cast(pl.String).str.zfill(4)
    )
    key = code.hash(0)
    place = (pl.col("k") % len(_PLACES)).replace_strict(dict(enumerate(_PLACES)))
    nth = pl.col("k") // len(_PLACES) + 1
    name = pl.concat_str(
        pl.col("county").replace_strict(COUNTIES),
        place,
        pl.when(nth > 1).then(pl.format("第{}", nth)).otherwise(pl.lit("")),
        pl.col("kind").replace_strict(_SUFFIX),
    )
    private = unit(key, seed, "private") < pl.col("kind").replace_strict(params.private_share)
    rural = pl.col("county").replace_strict(params.rural_hukou)
    u = unit(key, seed, "locale")
    # Rural counties' schools are mostly 乡村 and 镇区; the two city districts' mostly 城区.
    locale = (
        pl.when(u < rural * 0.7)
        .then(pl.lit("乡村"))
        .when(u < rural * 0.7 + 0.25)
        .then(pl.lit("镇区"))
        .otherwise(pl.lit("城区"))
    )
    has_senior = pl.col("kind").is_in([k for k, v in SCHOOL_KINDS.items() if "普通高中" in v])
    u_fee = unit(key, seed, "fee")
    other_fee = u_fee < params.senior_fee_other_share
    if params.senior_fee_other_share > 0:
        # A city whose public senior schools should hold one at the other fee (their count x
        # the share is 0.5 or more) gets at least one, the one whose draw came lowest: a small
        # city may draw none, and the demo's targets then ask for a student at a fee no school
        # charges (SEN_TUITION's 1100 cell at scales 0.2 and 0.25).
        public_senior = has_senior & (pl.col("ownership") == "公办")
        expected = public_senior.sum() * params.senior_fee_other_share
        lowest = u_fee == u_fee.filter(public_senior).min()
        other_fee = other_fee | (lowest & (expected >= 0.5))
    public_fee = (
        pl.when(other_fee)
        .then(pl.lit(params.senior_fee_other))
        .otherwise(pl.lit(params.senior_fee))
    )
    fee = pl.when(has_senior).then(
        pl.when(pl.col("ownership") == "民办")
        .then(pl.lit(params.senior_fee_private))
        .otherwise(public_fee)
    )
    return (
        frame.with_columns(
            code.alias("code"),
            name.alias("name"),
            _stage_text(pl.col("kind")).alias("stages"),
            pl.when(private).then(pl.lit("民办")).otherwise(pl.lit("公办")).alias("ownership"),
            locale.alias("locale"),
            (0.3 + unit(key, seed, "size")).alias("weight"),
        )
        .with_columns(fee.alias("fee"))
        .select("code", "name", "county", "kind", "stages", "ownership", "locale", "fee", "weight")
    )


def _universities() -> pl.DataFrame:
    names, counties, weights = zip(*UNIVERSITIES, strict=True)
    return pl.DataFrame({"name": names, "county": counties, "weight": weights}).with_columns(
        pl.concat_str(
            pl.lit("41"),
            pl.col("county").str.slice(0, 2),
            (pl.int_range(pl.len()) * 37 + 10001).cast(pl.String).str.zfill(6),
        ).alias("code"),
        pl.lit("高校").alias("kind"),
        pl.lit("高校").alias("stages"),
        pl.lit("公办").alias("ownership"),
        pl.lit(None, dtype=pl.String).alias("locale"),
        pl.lit(None, dtype=pl.String).alias("fee"),
    )


def build_schools(params: CityParams, scale: float, seed: int) -> pl.DataFrame:
    """code, name, county, kind, stages (as written), ownership, locale, fee, weight."""
    local = _local_schools(params, scale, seed)
    return pl.concat([local, _universities().select(local.columns)])


def school_units(schools: pl.DataFrame, counties: list[str]) -> pl.DataFrame:
    """One row per (county, stage, school) a student of that county and stage may attend,
    with the cumulative share `cum` that picks it; 高校 are open to every county's students."""
    stage = pl.col("stages").str.replace("技工学校", "中职").str.split(";")
    local = schools.filter(pl.col("kind") != "高校").with_columns(stage.alias("stage"))
    higher = (
        schools.filter(pl.col("kind") == "高校")
        .drop("county")
        .join(pl.DataFrame({"county": counties}), how="cross")
        .with_columns(pl.lit(["高校"]).alias("stage"))
    )
    group = ["county", "stage"]
    units = pl.concat([local, higher.select(local.columns)]).explode("stage")
    cum = pl.col("weight").cum_sum().over(group) / pl.col("weight").sum().over(group)
    last = pl.int_range(pl.len()).over(group) == pl.len().over(group) - 1
    return (
        units.sort("county", "stage", "code")
        .with_columns(pl.when(last).then(1.0).otherwise(cum).alias("cum"))
        .select("county", "stage", pl.col("code").alias("school"), "cum")
        .sort("cum")
    )


def assign_school(frame: pl.DataFrame, units: pl.DataFrame, u: pl.Expr) -> pl.DataFrame:
    """Add `school`: one of the (county, stage) units, chosen by u in [0, 1) by their shares."""
    return (
        frame.with_columns(u.alias("_u"))
        .sort("_u")
        .join_asof(
            units,
            left_on="_u",
            right_on="cum",
            by=["county", "stage"],
            strategy="forward",
            check_sortedness=False,
        )
        .drop("_u", "cum")
    )

"""Students and their enrolments in the spring and the autumn term of one year.

Spring is drawn from the stage shares. Autumn is a new school year: students move up a grade
at the same school, a stage's top grade goes on to the next stage (a school in the same county)
or leaves, a few move away, and newcomers fill each (county, stage, grade) back to its spring
size, so that both terms have about the same students per stage.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._random import apportion, choice, pick, unit
from zizhu.synth._schools import assign_school
from zizhu.synth.params import GRADES, NEXT_STAGES, CityParams

# The usual age on 1 September of a stage's first grade.
_ENTRY_AGE = {"学前": 3, "小学": 6, "初中": 12, "普通高中": 15, "中职": 15, "高校": 18}
_HIGHER_GRADES = {1: 0.25, 2: 0.25, 3: 0.245, 4: 0.245, 5: 0.01}  # 5: five-year courses
# 户籍 outside Zhanjiang: neighbouring prefectures and provinces.
OUTSIDE_CODES = ("440902", "440981", "441702", "450702", "450802", "450102", "430104", "360102")
_FIRST_SEEN = ["county", "stage", "grade"]  # enrolment facts, not the person's
_AGRI_MAJORS = ("现代农艺技术", "畜禽生产技术", "农村经济综合管理", "水产养殖技术")
_OTHER_MAJORS = (
    "计算机应用", "汽车运用与维修", "会计事务", "电子商务", "护理", "学前教育", "机电技术应用",
    "酒店服务与管理",
)  # fmt: skip


def _people(frame: pl.DataFrame, params: CityParams, seed: int, school_year: int) -> pl.DataFrame:
    """Each student's own facts, from the stage and grade they first appear in."""
    key = pl.col("pid")
    u = unit(key, seed, "age")
    delay = (
        pl.when(u < params.over_age)
        .then(1)
        .when(u < params.over_age + params.under_age)
        .then(-1)
        .otherwise(0)
    )
    age = pl.col("stage").replace_strict(_ENTRY_AGE) + pl.col("grade") - 1 + delay
    # Aged `age` on 1 September of the school year: born in the 12 months before that date.
    birth = pl.date(school_year - age - 1, 9, 2) + pl.duration(
        days=(unit(key, seed, "birthday") * 365).floor().cast(pl.Int64)
    )
    counties = list(params.county_weights)
    u_h = unit(key, seed, "hukou")
    local = pl.col("stage") == "高校"  # a county submits 高校 students of its own 户籍
    hukou = (
        pl.when(local | (u_h >= params.hukou_outside + params.hukou_other_county))
        .then(pl.col("county"))
        .when(u_h < params.hukou_outside)
        .then(choice(key, seed, "outside", OUTSIDE_CODES))
        .otherwise(choice(key, seed, "other-county", counties))
    )
    rural_share = pl.col("hukou").replace_strict(params.rural_hukou, default=0.8)
    agri = unit(key, seed, "agri") < params.agri_major
    major = (
        pl.when(agri)
        .then(choice(key, seed, "agri-major", _AGRI_MAJORS))
        .otherwise(choice(key, seed, "major", _OTHER_MAJORS))
    )
    return frame.with_columns(
        pl.col("county").alias("home"),
        (unit(key, seed, "sex") < 0.52).alias("male"),
        birth.alias("birth"),
        hukou.alias("hukou"),
    ).with_columns(
        (unit(key, seed, "rural") < rural_share).alias("rural"),
        major.alias("major"),
        agri.alias("agri"),
        ((unit(key, seed, "no-id") < params.no_id) & ~local).alias("no_id"),
        (unit(key, seed, "account") < params.with_account).alias("has_account"),
    )


def _draw(cells: pl.DataFrame, first_pid: int) -> pl.DataFrame:
    """cells: county, stage, [grade,] n -> n rows each, numbered by pid from first_pid."""
    frame = cells.with_columns(pl.int_ranges(0, "n").alias("i")).explode("i")
    frame = frame.filter(pl.col("i").is_not_null()).drop("i", "n")
    return frame.with_columns((pl.int_range(pl.len(), dtype=pl.UInt64) + first_pid).alias("pid"))


def _with_grades(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    u = unit(pl.col("pid"), seed, "grade")
    grade = (u * pl.col("stage").replace_strict(GRADES)).floor().cast(pl.Int64) + 1
    higher = pick(u, {str(g): s for g, s in _HIGHER_GRADES.items()}).cast(pl.Int64)
    return frame.with_columns(
        pl.when(pl.col("stage") == "高校").then(higher).otherwise(grade).alias("grade")
    )


def spring(
    params: CityParams, scale: float, seed: int, year: int, units: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(people, enrolments) of term year-1."""
    total = round(params.students * scale)
    stages, counties = list(params.stage_shares), list(params.county_weights)
    cells = []
    for stage, size in zip(
        stages, apportion(total, list(params.stage_shares.values())), strict=True
    ):
        for county, n in zip(
            counties, apportion(size, list(params.county_weights.values())), strict=True
        ):
            cells.append((county, stage, n))
    drawn = _draw(pl.DataFrame(cells, schema=["county", "stage", "n"], orient="row"), 0)
    drawn = _with_grades(drawn, seed)
    people = _people(drawn, params, seed, year - 1).drop(_FIRST_SEEN)
    enrol = assign_school(drawn, units, unit(pl.col("pid"), seed, f"school-{year - 1}"))
    return people, enrol.select("pid", "county", "stage", "grade", "school")


def _go_on_shares(enrol: pl.DataFrame, params: CityParams) -> dict[str, dict[str, float]]:
    """Per stage: the share of its top grade going on to each next stage, capped so that the
    next stage's first grade does not outgrow its spring size."""
    size = dict(enrol.group_by("stage").len().iter_rows())
    top = enrol.filter(pl.col("grade") == pl.col("stage").replace_strict(GRADES))
    top_size = dict(top.group_by("stage").len().iter_rows())
    shares: dict[str, dict[str, float]] = {}
    for stage, nexts in NEXT_STAGES.items():
        room = {n: size.get(n, 0) / GRADES[n] for n in nexts}
        leaving = top_size.get(stage, 0) or (size.get(stage, 0) / GRADES[stage]) or 1
        going = min(params.progression[stage], sum(room.values()) / leaving)
        whole = sum(room.values()) or 1
        shares[stage] = {n: going * room[n] / whole for n in nexts}
    return shares


def _newcomers(spring_enrol: pl.DataFrame, carried: pl.DataFrame) -> pl.DataFrame:
    """county, stage, grade, n: newcomers bring each (county, stage) back to its spring size,
    in the grades short of their spring size (where a stage grew, nobody comes)."""
    stage, cell = ["county", "stage"], ["county", "stage", "grade"]
    now = carried.group_by(cell).len("now")
    cells = spring_enrol.group_by(cell).len("target").join(now, on=cell, how="left")
    short = (pl.col("target").cast(pl.Int64) - pl.col("now").fill_null(0)).clip(0)
    grown = carried.group_by(stage).len("carried")
    sizes = spring_enrol.group_by(stage).len("size").join(grown, on=stage, how="left")
    missing = (pl.col("size").cast(pl.Int64) - pl.col("carried").fill_null(0)).clip(0)
    # Cumulative rounding within each (county, stage) keeps the total exact.
    upto = (pl.col("missing") * pl.col("short").cum_sum() / pl.col("short").sum()).round()
    upto = upto.fill_nan(0).over(stage, order_by="grade")
    return (
        cells.with_columns(short.alias("short"))
        .join(sizes.select(*stage, missing.alias("missing")), on=stage)
        .sort(cell)  # newcomers' pids are given in this order
        .with_columns(upto.cast(pl.Int64).alias("upto"))
        .select(
            *cell, (pl.col("upto") - pl.col("upto").shift(1, fill_value=0).over(stage)).alias("n")
        )
    )


def _next_stage(shares: dict[str, dict[str, float]], u: pl.Expr) -> pl.Expr:
    """The stage a top-grade student goes on to, or null where they leave."""
    branches = []  # (stage, next stage, cumulative share): the first whose share holds u wins
    for stage, nexts in shares.items():
        upper = 0.0
        for option, share in nexts.items():
            upper += share
            branches.append((stage, option, upper))
    chosen: pl.Expr = pl.lit(None, dtype=pl.String)
    for stage, option, upper in reversed(branches):
        here = (pl.col("stage") == stage) & (u < upper)
        chosen = pl.when(here).then(pl.lit(option)).otherwise(chosen)
    return chosen


def autumn(
    spring_people: pl.DataFrame,
    spring_enrol: pl.DataFrame,
    params: CityParams,
    seed: int,
    year: int,
    units: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(newcomers, enrolments) of term year-2, from spring's."""
    key = pl.col("pid")
    top_grade = pl.col("stage").replace_strict(GRADES)
    five_year = unit(key, seed, "five-year") < _HIGHER_GRADES[5] / _HIGHER_GRADES[4]
    last = (pl.col("grade") == top_grade) | (
        (pl.col("stage") == "高校") & (pl.col("grade") == 4) & ~five_year
    )
    stays = spring_enrol.join(spring_people.select("pid", "home", "hukou"), on="pid").filter(
        unit(key, seed, f"leave-{year}") >= params.leave_between_terms
    )
    moving_up = stays.filter(~last).with_columns(pl.col("grade") + 1)
    next_stage = _next_stage(_go_on_shares(spring_enrol, params), unit(key, seed, f"next-{year}"))
    in_city = pl.col("hukou").is_in(list(params.county_weights))
    going_on = (
        stays.filter(last)
        .with_columns(next_stage.alias("stage"), pl.lit(1, dtype=pl.Int64).alias("grade"))
        .filter(pl.col("stage").is_not_null() & ((pl.col("stage") != "高校") | in_city))
        .with_columns(
            pl.when(pl.col("stage") == "高校").then("hukou").otherwise("home").alias("county")
        )
        .drop("school")
    )
    going_on = assign_school(going_on, units, unit(key, seed, f"school-{year}"))
    carried = pl.concat([moving_up, going_on.select(moving_up.columns)], how="vertical")
    first_pid = spring_people.height  # spring's pids are 0 … height - 1
    drawn = _draw(_newcomers(spring_enrol, carried), first_pid)
    newcomers = _people(drawn, params, seed, year)
    drawn = assign_school(drawn, units, unit(key, seed, f"school-{year}"))
    columns = ["pid", "county", "stage", "grade", "school"]
    enrol = pl.concat([carried.select(columns), drawn.select(columns)])
    return newcomers.drop(_FIRST_SEEN), enrol


def term_dates(term: str) -> tuple[str, dt.date, int]:
    """'2019-2' -> ('2019年秋季学期', its reference date, the school year it belongs to)."""
    year, half = int(term[:4]), term[5:]
    if half == "1":
        return f"{year}年春季学期", dt.date(year, 3, 1), year - 1
    return f"{year}年秋季学期", dt.date(year, 9, 1), year

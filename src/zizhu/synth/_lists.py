"""The departments' lists: 建档立卡 households, 民政 assistance, 残联 certificates.

Each list holds some students and many people who are not (yet) in school. A list row names a
person by pid; the city joins names and IDs in. `variant` marks the few rows that write a
student's name differently (a NAME_MISMATCH for an officer to confirm).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._people import GUARDIAN, OTHERS, is_male, others, pids
from zizhu.synth._random import below, day, pick, unit
from zizhu.synth.params import CityParams

# pid ranges of each list's people who are not students.
_JDLK_MEMBERS, _JDLK_OLD = OTHERS, OTHERS + (1 << 36)
_CIVIL, _DISABILITY = OTHERS + (2 << 36), OTHERS + (3 << 36)
_DISABILITY_TYPES = {"视力": "1", "听力": "2", "言语": "3", "肢体": "4", "智力": "5", "精神": "6",
                     "多重": "7"}  # fmt: skip
_MEMBERS = {  # a student's household: relation, birth years
    0: ("配偶", dt.date(1965, 1, 1), dt.date(1995, 12, 31)),
    1: ("父母", dt.date(1935, 1, 1), dt.date(1965, 12, 31)),
    2: ("子女", dt.date(2016, 1, 1), dt.date(2019, 2, 28)),
}


def _list_county(params: CityParams) -> pl.Expr:
    """A student is listed by the county of their 户籍, or of their school where the 户籍 is
    elsewhere (a student on a Zhanjiang list with a 户籍 outside the city)."""
    local = pl.col("hukou").is_in(list(params.county_weights))
    return pl.when(local).then(pl.col("hukou")).otherwise(pl.col("home"))


def _listed(
    students: pl.DataFrame, params: CityParams, share: float, seed: int, purpose: str
) -> pl.DataFrame:
    """pid, county, variant of the students on a list; rural ones about three times as often."""
    weight = pl.when(pl.col("rural")).then(1.25).otherwise(0.4)
    chosen = ~pl.col("no_id") & (unit(pl.col("pid"), seed, purpose) < share * weight)
    variant = unit(pl.col("pid"), seed, f"{purpose}-variant") < params.name_variants
    return students.filter(chosen).select(
        "pid", _list_county(params).alias("county"), variant.alias("variant"), "rural"
    )


def _adults(
    count: int,
    first: int,
    params: CityParams,
    seed: int,
    purpose: str,
    born: tuple[dt.date, dt.date],
    male: pl.Expr | None = None,
) -> pl.DataFrame:
    county = pick(unit(pl.col("pid"), seed, f"{purpose}-county"), params.county_weights)
    return others(pids(count, first).with_columns(county.alias("region")), seed, born, male)


def jdlk(
    students: pl.DataFrame, params: CityParams, scale: float, seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, new people). A student's household is headed by their guardian, with up to three
    more members out of school; households with no student fill the list to its size."""
    listed = _listed(students, params, params.jdlk_students, seed, "jdlk")
    listed = listed.select(
        pl.col("pid").alias("household"),
        "county",
        "pid",
        "variant",
        pick(unit(pl.col("pid"), seed, "jdlk-relation"), {"子女": 0.9, "孙子女": 0.1}).alias(
            "relation"
        ),
    )
    heads = listed.select(
        "household",
        "county",
        (pl.col("pid") + GUARDIAN).alias("pid"),
        pl.lit("户主").alias("relation"),
    )
    slots = pl.int_ranges(0, below(pl.col("household"), seed, "jdlk-size", 4))
    slotted = listed.select("household", "county", slots.alias("slot")).explode("slot")
    slotted = slotted.drop_nulls("slot").with_columns(
        (pl.col("household") * 4 + pl.col("slot") + _JDLK_MEMBERS).cast(pl.UInt64).alias("pid")
    )
    members, new_people = [], []
    for slot, (relation, born_from, born_to) in _MEMBERS.items():
        part = slotted.filter(pl.col("slot") == slot)
        # A spouse is of the other sex than the head, the student's guardian.
        male = ~is_male(pl.col("household") + GUARDIAN, seed) if relation == "配偶" else None
        made = others(
            part.select("pid", "household", pl.col("county").alias("region")),
            seed,
            (born_from, born_to),
            male,
        ).drop("household")
        new_people.append(made)
        members.append(
            part.select("household", "county", "pid", pl.lit(relation).alias("relation"))
        )
    # Households with no student: an elderly head and a spouse.
    size = sum(f.height for f in (listed, heads, *members))
    rest = max(0, round(params.jdlk_people * scale) - size)
    spouse = (pl.col("pid") - _JDLK_OLD) % 2 == 1
    head_male = is_male(pl.col("pid") - pl.when(spouse).then(1).otherwise(0), seed)
    old = _adults(
        rest,
        _JDLK_OLD,
        params,
        seed,
        "jdlk",
        (dt.date(1935, 1, 1), dt.date(1975, 12, 31)),
        male=head_male ^ spouse,
    )
    new_people.append(old)
    old_rows = old.select(
        (pl.col("pid") - pl.when(spouse).then(1).otherwise(0)).alias("household"),
        pl.col("region").alias("county"),
        "pid",
        pl.when(spouse).then(pl.lit("配偶")).otherwise(pl.lit("户主")).alias("relation"),
    )
    rows = pl.concat([heads, listed, *members, old_rows], how="diagonal")
    # A spouse's household is the head's; each household has one 户编号 and one status.
    status = pick(unit(pl.col("household"), seed, "jdlk-status"), params.jdlk_status)
    rows = rows.with_columns(
        status.alias("status"),
        pl.col("county").first().over("household").alias("county"),
        pl.col("variant").fill_null(False),
    )
    return rows.sort("county", "household", "pid"), pl.concat(new_people)


def civil(
    students: pl.DataFrame, params: CityParams, scale: float, seed: int, year: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, new people): a category and a period; a share of periods have ended."""
    listed = _listed(students, params, params.civil_students, seed, "civil")
    drawn = pick(unit(pl.col("pid"), seed, "civil-category"), params.civil_student_categories)
    dibao = pl.when(pl.col("rural")).then(pl.lit("农村低保")).otherwise(pl.lit("城市低保"))
    category = pl.when(drawn.str.ends_with("低保")).then(dibao).otherwise(drawn)
    listed = listed.select("pid", "county", "variant", category.alias("category"))
    rest = max(0, round(params.civil_people * scale) - listed.height)
    adults = _adults(
        rest, _CIVIL, params, seed, "civil", (dt.date(1935, 1, 1), dt.date(2000, 12, 31))
    )
    adult_category = pick(
        unit(pl.col("pid"), seed, "civil-category"),
        {"农村低保": 0.65, "城市低保": 0.2, "特困供养": 0.15},
    )
    rows = pl.concat(
        [
            listed,
            adults.select(
                "pid",
                pl.col("region").alias("county"),
                pl.lit(False).alias("variant"),
                adult_category.alias("category"),
            ),
        ]
    )
    # An ended period ended before spring's reference date or between spring and autumn.
    key = pl.col("pid")
    expired = unit(key, seed, "civil-expired") < params.civil_expired
    u = unit(key, seed, "civil-start")
    first = dt.date(year - 7, 1, 1)
    start = (
        pl.when(expired)
        .then(day(first, dt.date(year - 2, 12, 31), u))
        .otherwise(day(first, dt.date(year, 8, 31), u))
    )
    end_day = day(dt.date(year - 1, 6, 1), dt.date(year, 8, 31), unit(key, seed, "civil-end"))
    end = pl.when(expired).then(end_day)
    return rows.with_columns(start.alias("start"), end.alias("end")), adults


def disability(
    students: pl.DataFrame, params: CityParams, scale: float, seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, new people): a certificate's category and grade."""
    listed = _listed(students, params, params.disability_students, seed, "disability")
    rest = max(0, round(params.disability_people * scale) - listed.height)
    adults = _adults(
        rest, _DISABILITY, params, seed, "disability", (dt.date(1935, 1, 1), dt.date(2012, 12, 31))
    )
    rows = pl.concat(
        [
            listed.select("pid", "county", "variant"),
            adults.select("pid", pl.col("region").alias("county"), pl.lit(False).alias("variant")),
        ]
    )
    key = pl.col("pid")
    kind = pick(unit(key, seed, "disability-type"), dict.fromkeys(_DISABILITY_TYPES, 1.0))
    grade = pick(unit(key, seed, "disability-grade"), params.disability_grades)
    return rows.with_columns(
        kind.alias("kind"),
        kind.replace_strict(_DISABILITY_TYPES).alias("kind_digit"),
        grade.alias("grade"),
    ), adults

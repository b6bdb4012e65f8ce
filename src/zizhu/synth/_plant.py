"""Planting the seed figures (zizhu.synth.seed2019): who is on a department list and who has a
school's 认定, so that the pipeline's counts come out exact. Whole tables throughout: the rules
are applied to each distinct combination of a student's facts (a few hundred), and the greedy
passes run through zizhu.synth._fill, one step per count that fills up.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from zizhu.synth._fill import fill
from zizhu.synth._random import pick, unit

if TYPE_CHECKING:
    from zizhu.synth.city import City
    from zizhu.synth.seed2019 import Targets

JDLK_SHARE = 0.7  # at most this share of a program's count comes from 建档立卡 students
CIVIL_BOTH_SHARE = 0.6  # 民政 records in force all year fill this share of what they fill
NEEDS_CATEGORY = ("NONBOARDING", "SEN_TUITION")  # what a school's 认定 alone does not give

Key = tuple[str, str]  # (program, cell)
# What decides a student's keys in a term: stage, grade <= 2, boarding, rural, 户籍 in
# Zhanjiang, 涉农 major, the effective fee.
FACTS = ("stage", "early", "boarding", "rural", "zj", "agri", "fee")
Facts = tuple[str, bool, bool, bool, bool, bool, str]


# ---- the rules, as the pipeline applies them --------------------------------------------------


def keys(facts: Facts, kind: str) -> tuple[Key, ...]:
    """The (program, cell)s a student with these facts counts in: kind "J" (建档立卡), "N"
    (another category that NONBOARDING and SEN_TUITION accept), "H" (a school's 认定 only),
    "-" (not in hardship). A 涉农 中职 student counts in VOC_GRANT whatever the kind: that is
    the base count, not a key."""
    stage, early, boarding, rural, zj, agri, fee = facts
    found: list[Key] = []
    if kind == "J" and zj:
        found.append(("JDLK_LIVING", "高校" if stage == "高校" else "other"))
    if kind == "-":
        return tuple(found)
    if stage == "学前":
        found.append(("PRE_AID", "all"))
    elif stage in ("小学", "初中"):
        if boarding:
            found.append(("BOARDING", stage))
        elif rural and kind in "JN":
            found.append(("NONBOARDING", stage))
    elif stage == "普通高中":
        found.append(("SEN_GRANT", "all"))
        if kind in "JN":
            found.append(("SEN_TUITION", fee))
    elif stage == "中职" and early and not agri:
        found.append(("VOC_GRANT", "all"))
    return tuple(found)


def _effective_fees(schools: pl.DataFrame) -> pl.DataFrame:
    """school, fee: the 学费标准 SEN_TUITION pays (a 民办 school's capped at its county's
    highest 公办 fee)."""
    senior = schools.filter(pl.col("stages").str.contains("普通高中") & pl.col("fee").is_not_null())
    caps = (
        senior.filter(pl.col("ownership") == "公办")
        .group_by("county")
        .agg(pl.col("fee").cast(pl.Decimal(10, 2)).max().alias("cap"))
    )
    fee = pl.col("fee").cast(pl.Decimal(10, 2))
    capped = pl.when((pl.col("ownership") == "民办") & pl.col("cap").is_not_null() &
                     (pl.col("cap") < fee)).then(pl.col("cap")).otherwise(fee)  # fmt: skip
    return senior.join(caps, on="county", how="left").select(
        pl.col("code").alias("school"), capped.cast(pl.Int64).cast(pl.String).alias("fee")
    )


def term_rows(city: City, roster: pl.DataFrame, term: str) -> pl.DataFrame:
    """Per pid of the term's roster: `state` (clean, held, absent, unpaid: counted but no
    account, no ID or a shared account) and, where counted, school and the facts."""
    ids = city.students.select("pid", pl.col("id_number").alias("_id"))
    valid = roster.join(ids, on="pid", how="left").filter(
        pl.col("姓名").is_not_null()
        & (pl.col("身份证件号").is_null() | (pl.col("身份证件号") == pl.col("_id")))
    )
    enrolled = valid.filter(pl.col("在校状态") == "在读")
    per_pid = enrolled.group_by("pid").len("rows")
    sharing = (
        roster.filter(pl.col("收款账号").is_not_null())
        .group_by("收款账号")
        .agg(pl.col("pid").n_unique().alias("_holders"))
    )
    grades = city.enrolments[term].select("pid", "grade").unique("pid")
    fees = _effective_fees(city.schools)
    single = (
        enrolled.join(per_pid.filter(pl.col("rows") == 1), on="pid")
        .join(grades, on="pid", how="left")
        .join(sharing, on="收款账号", how="left")
        .join(fees, left_on="学校标识码", right_on="school", how="left")
    )
    unpaid = (
        pl.col("收款账号").is_null() | pl.col("身份证件号").is_null() | (pl.col("_holders") > 1)
    )
    counted = single.select(
        "pid",
        "county",
        pl.col("学校标识码").alias("school"),
        pl.when(unpaid).then(pl.lit("unpaid")).otherwise(pl.lit("clean")).alias("state"),
        pl.col("stage").fill_null(""),
        (pl.col("grade") <= 2).fill_null(False).alias("early"),
        (pl.col("是否寄宿") == "是").fill_null(False).alias("boarding"),
        (pl.col("户口性质") == "农业").fill_null(False).alias("rural"),
        pl.col("户籍地代码").str.starts_with("4408").fill_null(False).alias("zj"),
        (pl.col("涉农专业") == "是").fill_null(False).alias("agri"),
        pl.col("fee").fill_null("").alias("fee"),
    )
    held = per_pid.filter(pl.col("rows") > 1).select("pid", pl.lit("held").alias("state"))
    return pl.concat([counted, held], how="diagonal")


# ---- planting --------------------------------------------------------------------------------


@dataclass
class Planted:
    jdlk: pl.DataFrame  # pid, status, variant
    civil: pl.DataFrame  # pid, category, start, end, variant
    assessed: dict[str, pl.DataFrame]  # term: pid, level, basis


class _Counts:
    """The (term, program, cell)s as numbers: `key` per cell; `left` per key, what is still
    wanted (a cell no target names wants nothing); `full`, the target."""

    def __init__(self, targets: Targets, keyed: pl.DataFrame) -> None:
        cells = {(t, p, c) for (p, t, c) in targets.counts}
        cells |= set(keyed.select("term", "program", "cell").unique().iter_rows())
        self.cells = sorted(cells)
        self.full = [targets.counts.get((p, t, c), 0) for t, p, c in self.cells]
        self.left = list(self.full)
        self.frame = pl.DataFrame(
            [(*cell, key) for key, cell in enumerate(self.cells)],
            schema={"term": pl.String, "program": pl.String, "cell": pl.String, "key": pl.Int64},
            orient="row",
        )

    def index(self, term: str, program: str, cell: str) -> int:
        return self.cells.index((term, program, cell))

    def room(self, capped: set[int], share: float) -> list[int]:
        """What each key may still take, the `capped` ones only up to `share` of their target
        (counting what earlier passes took)."""
        return [
            min(left, int(full * share) - (full - left)) if key in capped else left
            for key, (left, full) in enumerate(zip(self.left, self.full, strict=True))
        ]

    def of(self, programs: tuple[str, ...]) -> set[int]:
        return {key for key, (_, p, _) in enumerate(self.cells) if p in programs}


def _keyed(clean: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """pid, term, kind, program, cell: every key each clean student has in each term, per kind,
    from the rules applied once per distinct combination of facts."""
    both = pl.concat([frame.with_columns(pl.lit(t).alias("term")) for t, frame in clean.items()])
    rules = [
        (*facts, kind, program, cell)
        for facts in both.select(FACTS).unique().iter_rows()
        for kind in "JNH"
        for program, cell in keys(facts, kind)
    ]
    schema: dict[str, Any] = {**both.select(FACTS).schema, "kind": pl.String,
                              "program": pl.String, "cell": pl.String}  # fmt: skip
    table = pl.DataFrame(rules, schema=schema, orient="row")
    return both.join(table, on=list(FACTS)).select("pid", "term", "kind", "program", "cell")


def _ranked(frame: pl.DataFrame, seed: int, purpose: str, weight: pl.Expr) -> pl.DataFrame:
    """pid, row: the pids in a weighted random order (a key u^(1/w), largest first)."""
    key = unit(pl.col("pid"), seed, purpose).pow(1 / weight)
    return (
        frame.select("pid", key.alias("_k"))
        .sort("_k", descending=True)
        .select("pid", pl.int_range(pl.len(), dtype=pl.Int64).alias("row"))
    )


def _entries(ranked: pl.DataFrame, keyed: pl.DataFrame) -> pl.DataFrame:
    """row, key: each ranked pid's keys, sorted by row, as zizhu.synth._fill takes them."""
    return ranked.join(keyed, on="pid").select("row", "key").sort("row", "key")


def _pids(ranked: pl.DataFrame, rows: pl.Series) -> pl.Series:
    """The ranked pids of these rows, in the rows' order."""
    return ranked.join(rows.to_frame("row"), on="row", how="semi").sort("row")["pid"]


def plant(city: City, rosters: dict[str, pl.DataFrame], targets: Targets) -> Planted:
    """Who is on which list and who has a school's 认定, so that the pipeline, run over these
    rosters (one per term, spring first), counts exactly `targets`."""
    seed = city.seed
    terms = tuple(rosters)
    rows = {t: term_rows(city, rosters[t], t) for t in terms}
    clean = {t: rows[t].filter(pl.col("state") == "clean").select("pid", *FACTS) for t in terms}
    blocked = pl.concat([rows[t].filter(pl.col("state") != "clean")["pid"] for t in terms])
    keyed = _keyed(clean)
    counts = _Counts(targets, keyed)
    keyed = keyed.join(counts.frame, on=["term", "program", "cell"])
    for t in terms:
        # Base: 涉农 中职 students in their first two grades, counted whatever their hardship.
        base = rows[t].filter(
            pl.col("state").is_in(["clean", "unpaid"]) & (pl.col("stage") == "中职")
            & pl.col("early") & pl.col("agri")
        ).height  # fmt: skip
        voc = counts.index(t, "VOC_GRANT", "all")
        counts.left[voc] -= base
        if counts.left[voc] < 0:
            raise ValueError(f"{t}: 涉农专业 students exceed VOC_GRANT's count")
    present = pl.concat([clean[t]["pid"] for t in terms])
    students = city.students.filter(
        pl.col("pid").is_in(present.implode()) & ~pl.col("pid").is_in(blocked.implode())
    )
    jdlk = _jdlk_pass(students, keyed, counts, seed)
    records = _civil_pass(students, keyed, counts, jdlk, terms, seed)
    spring, share = terms[0], functools.partial(_noise_count, targets, terms[0])
    assessed = {}
    for t in terms:
        in_force = pl.concat([jdlk, records.filter(pl.col("when").is_in(["both", t]))["pid"]])
        picked = _assessed_pass(students, keyed, counts, in_force, t, seed)
        assessed[t] = _assessments(clean[t], picked, in_force, share(0.02), seed, t)
    return Planted(
        jdlk=_jdlk_rows(city, clean[spring], keyed, blocked, jdlk, seed,
                        (share(0.004), share(0.01))),
        civil=_civil_rows(city, terms, clean[spring], records, seed, share(0.01)),
        assessed=assessed,
    )  # fmt: skip


_RURAL_WEIGHT = pl.when(pl.col("rural")).then(3.0).otherwise(1.0)  # rural students come first


def _jdlk_pass(students: pl.DataFrame, keyed: pl.DataFrame, counts: _Counts,
               seed: int) -> pl.Series:  # fmt: skip
    """1. 建档立卡 households, in force all year: each term's JDLK_LIVING count, and at most
    JDLK_SHARE of any other program's."""
    jdlk_keys = counts.of(("JDLK_LIVING",))
    ranked = _ranked(students.filter(pl.col("hukou").str.starts_with("4408")), seed,
                     "demo-jdlk", _RURAL_WEIGHT)  # fmt: skip
    room = counts.room(set(range(len(counts.cells))) - jdlk_keys, JDLK_SHARE)
    entries = _entries(ranked, keyed.filter(pl.col("kind") == "J"))
    jdlk = _pids(ranked, fill(entries, room, counts.left, sorted(jdlk_keys)))
    short = {counts.cells[k]: counts.left[k] for k in jdlk_keys if counts.left[k]}
    if short:
        raise ValueError(f"not enough students for 建档立卡: {short}")
    return jdlk


def _civil_pass(students: pl.DataFrame, keyed: pl.DataFrame, counts: _Counts, jdlk: pl.Series,
                terms: tuple[str, ...], seed: int) -> pl.DataFrame:  # fmt: skip
    """2. 民政 records (pid, when: "both" or a term), all year first (up to CIVIL_BOTH_SHARE),
    then one term's: exactly each term's NONBOARDING and SEN_TUITION counts."""
    n_keys = counts.of(NEEDS_CATEGORY)
    ranked = _ranked(students.filter(~pl.col("pid").is_in(jdlk.implode())), seed,
                     "demo-civil", _RURAL_WEIGHT)  # fmt: skip
    n_of = keyed.filter(pl.col("kind") == "N")
    needing = pl.col("program").is_in(NEEDS_CATEGORY)
    civil: list[pl.DataFrame] = []
    for when in ("both", *terms):
        if when == "both":
            spans = n_of.filter(needing).group_by("pid").agg(pl.col("term").n_unique())
            wanted = n_of.join(spans.filter(pl.col("term") == len(terms)), on="pid", how="semi")
            room = counts.room(n_keys, CIVIL_BOTH_SHARE)
        else:
            of_term = n_of.filter(pl.col("term") == when)
            wanted = of_term.join(of_term.filter(needing), on="pid", how="semi")
            room = counts.room(set(), 1.0)
        chosen = pl.concat([frame["pid"] for frame in civil]) if civil else jdlk.clear()
        wanted = wanted.filter(~pl.col("pid").is_in(chosen.implode()))
        taken = _pids(ranked, fill(_entries(ranked, wanted), room, counts.left, sorted(n_keys)))
        civil.append(taken.to_frame().with_columns(pl.lit(when).alias("when")))
    short = {counts.cells[k]: counts.left[k] for k in n_keys if counts.left[k]}
    if short:
        raise ValueError(f"not enough students for 民政 records: {short}")
    return pl.concat(civil)


def _assessed_pass(students: pl.DataFrame, keyed: pl.DataFrame, counts: _Counts,
                   in_force: pl.Series, term: str, seed: int) -> pl.Series:  # fmt: skip
    """3. Schools' 认定 for the term, of students with no category in force: exactly the rest
    of every count. A 认定 gives at most one key, so each key takes its first students."""
    ranked = _ranked(students, seed, f"demo-assess-{term}", _RURAL_WEIGHT)
    h_keys = keyed.filter((pl.col("kind") == "H") & (pl.col("term") == term))
    wanted = h_keys.filter(~pl.col("pid").is_in(in_force.implode()))
    by_key = ranked.join(wanted, on="pid").sort("row").with_columns(
        pl.int_range(pl.len()).over("key").alias("rank"), pl.len().over("key").alias("pool")
    )  # fmt: skip
    wants = pl.DataFrame({"key": range(len(counts.cells)), "room": counts.left},
                         schema={"key": pl.Int64, "room": pl.Int64})  # fmt: skip
    by_key = by_key.join(wants, on="key")
    lacking = by_key.filter(pl.col("room") > pl.col("pool"))
    if not lacking.is_empty():
        _, program, cell = counts.cells[lacking["key"][0]]
        raise ValueError(f"{term}: not enough students for {program} {cell}")
    for key in by_key["key"].unique():
        counts.left[key] = 0
    short = {c: n for c, n in zip(counts.cells, counts.left, strict=True) if c[0] == term and n}
    if short:
        raise ValueError(f"{term}: counts not reached: {short}")
    return by_key.filter(pl.col("rank") < pl.col("room"))["pid"]


# ---- noise that changes no count -------------------------------------------------------------


def _noise(pool: pl.DataFrame, busy: pl.Series, count: int, seed: int, purpose: str) -> pl.Series:
    """Up to `count` pids of the pool (clean students of a term whose facts the caller checked),
    not `busy`, in a pseudo-random order of their own."""
    return (
        pool.filter(~pl.col("pid").is_in(busy.implode()))
        .sort(unit(pl.col("pid"), seed, purpose))
        .head(count)["pid"]
    )


def _noise_count(targets: Targets, spring: str, share: float) -> int:
    return max(2, round(targets.counts[("JDLK_LIVING", spring, "other")] * share))


def _jdlk_rows(city: City, spring: pl.DataFrame, keyed: pl.DataFrame, blocked: pl.Series,
               jdlk: pl.Series, seed: int, noise: tuple[int, int]) -> pl.DataFrame:  # fmt: skip
    """pid, status, variant: the planted households, and noise that gives nobody anything
    (`noise`: how many of each kind)."""
    # A 户籍 outside Zhanjiang, in cells no program pays in either term.
    outside = city.students.filter(~pl.col("hukou").str.starts_with("4408"))["pid"]
    counted = keyed.filter(pl.col("kind") == "J")["pid"]
    quiet = spring.filter(
        pl.col("pid").is_in(outside.implode())
        & ~pl.col("pid").is_in(blocked.implode())
        & ~pl.col("pid").is_in(counted.implode())
    )
    elsewhere = _noise(quiet, jdlk, noise[0], seed, "j-out")
    # Households out of poverty, and records naming the student differently (unconfirmed).
    unblocked = spring.filter(~pl.col("pid").is_in(blocked.implode()))
    anyone = _noise(unblocked, pl.concat([jdlk, elsewhere]), noise[1], seed, "j-off")
    off, variants = anyone.gather_every(2), anyone.gather_every(2, offset=1)
    status = pick(unit(pl.col("pid"), seed, "demo-jdlk-status"),
                  {"未脱贫": 0.3, "已脱贫享受政策": 0.7})  # fmt: skip
    frame = pl.concat([jdlk, elsewhere, off, variants]).cast(pl.UInt64).to_frame("pid")
    return frame.with_columns(
        pl.when(pl.col("pid").is_in(off.implode())).then(pl.lit("已脱贫不享受政策"))
        .otherwise(status).alias("status"),
        pl.col("pid").is_in(variants.implode()).alias("variant"),
    )  # fmt: skip


def _civil_rows(city: City, terms: tuple[str, ...], spring: pl.DataFrame, records: pl.DataFrame,
                seed: int, noise: int) -> pl.DataFrame:  # fmt: skip
    """pid, category, start, end, variant: the planted records and `noise` ended before
    spring."""
    first, second = terms
    year = int(first[:4])
    expired = _noise(spring, records["pid"], noise, seed, "c-old")
    frame = (
        pl.concat([records, expired.to_frame().with_columns(pl.lit("old").alias("when"))])
        .with_columns(pl.col("pid").cast(pl.UInt64))
        .join(city.students.select("pid", "rural"), on="pid")
    )
    u = unit(pl.col("pid"), seed, "demo-civil-dates")
    days = (u * 300).cast(pl.Int64)
    start = (
        pl.when(pl.col("when") == second)
        .then(pl.lit(dt.date(year, 3, 20)) + pl.duration(days=(u * 150).cast(pl.Int64)))
        .otherwise(pl.lit(dt.date(year - 3, 1, 1)) + pl.duration(days=days * 2))
    )
    end = (
        pl.when(pl.col("when") == first)
        .then(pl.lit(dt.date(year, 3, 31)) + pl.duration(days=(u * 150).cast(pl.Int64)))
        .when(pl.col("when") == "old")
        .then(pl.lit(dt.date(year - 1, 6, 30)) + pl.duration(days=(u * 200).cast(pl.Int64)))
    )
    tekun = unit(pl.col("pid"), seed, "demo-tekun") < 0.08
    category = (
        pl.when(pl.col("when") == "old")
        .then(pl.when("rural").then(pl.lit("农村低保")).otherwise(pl.lit("城市低保")))
        .when(pl.col("rural") & ~tekun)
        .then(pl.lit("农村低保"))
        .otherwise(pl.lit("特困供养"))
    )
    return frame.select(
        "pid", category.alias("category"), start.alias("start"), end.alias("end"),
        pl.lit(False).alias("variant"),
    )  # fmt: skip


def _assessments(clean: pl.DataFrame, picked: pl.Series, in_force: pl.Series, noise: int,
                 seed: int, term: str) -> pl.DataFrame:  # fmt: skip
    """pid, level, basis of the term's 认定: the planted, the students with a category (特别
    困难, now and then 不困难: a conflict the category wins) and `noise` non-boarding
    pupils."""
    listed = clean.join(in_force.to_frame(), on="pid", how="semi")["pid"]
    pupils = clean.filter(
        pl.col("stage").is_in(["小学", "初中"]) & ~pl.col("boarding") & ~pl.col("rural")
    )
    quiet = _noise(pupils, pl.concat([picked, in_force]), noise, seed, f"a-{term}")
    level = pick(unit(pl.col("pid"), seed, f"demo-level-{term}"),
                 {"特别困难": 0.15, "困难": 0.45, "一般困难": 0.4})  # fmt: skip
    conflict = unit(pl.col("pid"), seed, f"demo-conflict-{term}") < 0.003
    reasons = ["家庭成员患重大疾病", "单亲家庭", "家庭遭受自然灾害", "父母失业或收入低"]
    reason = pl.lit(reasons[0])
    for i, text in enumerate(reasons[1:], start=1):
        reason = pl.when(unit(pl.col("pid"), seed, "demo-reason") * len(reasons) >= i).then(
            pl.lit(text)).otherwise(reason)  # fmt: skip
    frame = pl.concat([
        pl.concat([picked, quiet]).to_frame().with_columns(pl.lit(False).alias("category")),
        listed.to_frame().with_columns(pl.lit(True).alias("category")),
    ]).with_columns(pl.col("pid").cast(pl.UInt64))  # fmt: skip
    return frame.select(
        "pid",
        pl.when(pl.col("category") & conflict).then(pl.lit("不困难"))
        .when("category").then(pl.lit("特别困难")).otherwise(level).alias("level"),
        pl.when("category").then(pl.lit("家庭经济困难（部门名单）")).otherwise(reason).alias("basis"),
    )  # fmt: skip

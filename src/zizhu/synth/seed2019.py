"""The demo's Zhanjiang 2019: the synthetic city with its hardship planted so that the real
pipeline, run over its files, yields exactly the published counts (spec/seed-2019.md).

    demo = DemoCity.plant(scale=0.01)          # the city, its lists and its schools' 认定
    demo.targets.counts[("SEN_GRANT", "2019-1", "all")]   # what the pipeline must find
    demo.write(Path("var/demo/2019-1"), term="2019-1")    # files, as City.write

The generator decides who exists (City.build, with no student drawn onto a list and no 认定);
this module decides who is poor, and writes it only as department lists and schools' 认定:
it never says who gets what. It works per term from the files' own rows: a student counts in a
term when exactly one valid row has them 在读 (two such rows: held; a rejected row: absent).
It predicts each program's count from policy-2019.md's rules and chooses, in three passes,

1. 建档立卡 households (a year's list, in force in both terms) up to each term's JDLK_LIVING
   count, and at most `JDLK_SHARE` of any other program's count in either term;
2. 民政 records (农村低保, 特困供养), in force in one term or both, up to each term's exact
   NONBOARDING and SEN_TUITION counts;
3. schools' 认定 per term, up to each term's exact PRE_AID, BOARDING, SEN_GRANT and
   VOC_GRANT counts (中职 students in a 涉农 major count whatever their hardship).

Noise that changes no count: list members who are not students, 建档立卡 students of a
户籍 outside Zhanjiang in cells no program pays, households 已脱贫不享受政策, records naming a
student differently (not confirmed: no category), 低保 periods that ended before spring, 认定 of
non-boarding pupils (in hardship, but NONBOARDING needs a category), a school's 不困难 for a
student with a category; and the generator's own: duplicate enrolments (held), rejected rows,
students without an account (their approved aid waits until the school gives one), a shared
account.

Counts at scale F: each published count x F, rounded; where a program's count splits into
cells (小学/初中, 高校/other, fee 1100/1250), the first cell is its own count x F rounded and
the other the rest. Amounts follow from the cells (`Targets.amount_fen`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from zizhu.synth._assess import ASSESSMENT_HEADERS
from zizhu.synth._people import GUARDIAN
from zizhu.synth._random import pick, unit
from zizhu.synth._students import term_dates
from zizhu.synth.city import CIVIL, DISABILITY, JDLK, City, KeptCity
from zizhu.synth.params import CityParams

YEAR = 2019
TERMS = ("2019-1", "2019-2")
JDLK_SHARE = 0.7  # at most this share of a program's count comes from 建档立卡 students
CIVIL_BOTH_SHARE = 0.6  # 民政 records in force all year fill this share of what they fill
LOANS_AMOUNT = 170_000_000  # yuan at scale 1, "about 170 million"

# Published counts at scale 1 (spec/seed-2019.md), per program and term, split into cells:
# {cell: count} with the last cell taking the rest of the total.
SEED: dict[str, dict[str, tuple[int, dict[str, int]]]] = {
    "JDLK_LIVING": {"2019-1": (50_153, {"高校": 3_340}), "2019-2": (52_060, {"高校": 3_340})},
    "SEN_GRANT": {"2019-1": (22_159, {}), "2019-2": (21_996, {})},
    "VOC_GRANT": {"2019-1": (4_932, {}), "2019-2": (5_487, {})},
    "SEN_TUITION": {"2019-1": (5_823, {"1100": 3}), "2019-2": (5_756, {"1100": 2})},
    "PRE_AID": {"2019-1": (49_954, {}), "2019-2": (50_084, {})},
    "BOARDING": {"2019-1": (13_431, {"小学": 8_675}), "2019-2": (13_142, {"小学": 2_110})},
    "NONBOARDING": {"2019-1": (76_514, {"小学": 64_422}), "2019-2": (67_227, {"小学": 47_335})},
}
LOANS = 21_028
_REST = {  # the name of the cell that takes the rest
    "JDLK_LIVING": "other", "SEN_TUITION": "1250", "BOARDING": "初中", "NONBOARDING": "初中",
}  # fmt: skip
# Amount per student in yuan, by (program, cell) and, where it differs, term.
_AMOUNTS: dict[tuple[str, str], Decimal | dict[str, Decimal]] = {
    ("JDLK_LIVING", "高校"): Decimal(2500),
    ("JDLK_LIVING", "other"): Decimal(1500),
    ("SEN_GRANT", "all"): Decimal(1000),
    ("VOC_GRANT", "all"): Decimal(1000),
    ("SEN_TUITION", "1100"): Decimal(1100),
    ("SEN_TUITION", "1250"): Decimal(1250),
    ("PRE_AID", "all"): Decimal(500),
    ("BOARDING", "小学"): Decimal(500),
    ("BOARDING", "初中"): Decimal(625),
    ("NONBOARDING", "小学"): {"2019-1": Decimal("125"), "2019-2": Decimal(250)},
    ("NONBOARDING", "初中"): {"2019-1": Decimal("187.50"), "2019-2": Decimal("312.50")},
}
# The programs, in the catalogue's order (the report lists them so).
PROGRAMS = (
    "JDLK_LIVING", "PRE_AID", "BOARDING", "NONBOARDING", "SEN_GRANT", "SEN_TUITION", "VOC_GRANT",
)  # fmt: skip

Key = tuple[str, str]  # (program, cell)
Facts = tuple[str, bool, bool, bool, bool, bool, str]  # stage, grade<=2, boarding, rural, zj,
# agri, effective fee


@dataclass(frozen=True)
class Targets:
    """What the pipeline must find at this scale: students per (program, term, cell)."""

    scale: float
    counts: dict[tuple[str, str, str], int]
    loans: int
    loans_amount: int  # yuan

    @classmethod
    def at(cls, scale: float) -> Targets:
        counts: dict[tuple[str, str, str], int] = {}
        for program, terms in SEED.items():
            for term, (total, cells) in terms.items():
                whole = round(total * scale)
                first = {cell: min(whole, round(n * scale)) for cell, n in cells.items()}
                for cell, n in first.items():
                    counts[(program, term, cell)] = n
                counts[(program, term, _REST.get(program, "all"))] = whole - sum(first.values())
        loans = round(LOANS * scale)
        return cls(scale, counts, loans, int(round(LOANS_AMOUNT * scale, -3)))

    def students(self, program: str, term: str) -> int:
        return sum(n for (p, t, _), n in self.counts.items() if (p, t) == (program, term))

    def amount(self, program: str, term: str) -> Decimal:
        total = Decimal(0)
        for (p, t, cell), n in self.counts.items():
            if (p, t) == (program, term):
                each = _AMOUNTS[(p, cell)]
                total += n * (each[t] if isinstance(each, dict) else each)
        return total

    def report_json(self) -> dict[str, Any]:
        """The programs part of `zizhu report --json` these targets imply."""
        programs = []
        for code in PROGRAMS:
            terms = {
                t: {"students": self.students(code, t), "amount": f"{self.amount(code, t):.2f}"}
                for t in TERMS
            }
            programs.append({
                "code": code,
                "students": sum(self.students(code, t) for t in TERMS),
                "amount": f"{sum(self.amount(code, t) for t in TERMS):.2f}",
                "terms": terms,
            })  # fmt: skip
        return {
            "programs": programs,
            "loans": {"count": self.loans, "amount": f"{self.loans_amount:.2f}"},
        }


def demo_params() -> CityParams:
    """The generator's defaults, with no student drawn onto a list and no 认定 drawn: this
    module plants them. Fewer 涉农 majors, so that they stay within VOC_GRANT's count; a few
    more 公办 普通高中 with the lower fee, so that the city has some (SEN_TUITION's total)."""
    return CityParams(
        jdlk_students=0.0, civil_students=0.0, disability_students=0.0, assessed=0.0,
        agri_major=0.04, senior_fee_other_share=0.05,
    )  # fmt: skip


# ---- the rules, as the pipeline applies them --------------------------------------------------


@functools.lru_cache(maxsize=4096)
def keys(facts: Facts | None, kind: str) -> tuple[Key, ...]:
    """The (program, cell)s a student with these facts counts in: kind "J" (建档立卡), "N"
    (another category that NONBOARDING and SEN_TUITION accept), "H" (a school's 认定 only),
    "-" (not in hardship). A 涉农 中职 student counts in VOC_GRANT whatever the kind: that is
    the base count, not a key."""
    if facts is None:
        return ()
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
        "stage",
        (pl.col("grade") <= 2).alias("early"),
        (pl.col("是否寄宿") == "是").alias("boarding"),
        (pl.col("户口性质") == "农业").alias("rural"),
        pl.col("户籍地代码").str.starts_with("4408").alias("zj"),
        (pl.col("涉农专业") == "是").fill_null(False).alias("agri"),
        pl.col("fee").fill_null("").alias("fee"),
    )
    held = per_pid.filter(pl.col("rows") > 1).select("pid", pl.lit("held").alias("state"))
    return pl.concat([counted, held], how="diagonal")


def _facts(row: dict[str, Any]) -> Facts:
    return (row["stage"], bool(row["early"]), bool(row["boarding"]), bool(row["rural"]),
            bool(row["zj"]), bool(row["agri"]), row["fee"])  # fmt: skip


# ---- planting --------------------------------------------------------------------------------


@dataclass
class _Plan:
    targets: Targets
    facts: dict[str, dict[int, Facts]]  # term: pid: facts of the counted, clean students
    blocked: set[int]  # pids held, unpaid in some term: planted nowhere
    left: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (term, program, cell)

    def fits(self, found: Iterable[tuple[str, Key]], cap: float = 1.0) -> bool:
        need: dict[tuple[str, str, str], int] = {}
        for term, (program, cell) in found:
            k = (term, program, cell)
            need[k] = need.get(k, 0) + 1
        for k, n in need.items():
            limit = self.left.get(k, 0)
            if k[1] != "JDLK_LIVING" and cap < 1.0:
                full = self.targets.counts.get((k[1], k[0], k[2]), 0)
                limit = min(limit, int(full * cap) - (full - limit))
            if n > limit:
                return False
        return True

    def take(self, found: Iterable[tuple[str, Key]]) -> None:
        for term, (program, cell) in found:
            self.left[(term, program, cell)] -= 1


def _order(frame: pl.DataFrame, seed: int, purpose: str, weight: pl.Expr) -> list[int]:
    """pids in a weighted random order (a key u^(1/w), largest first)."""
    key = unit(pl.col("pid"), seed, purpose).pow(1 / weight)
    return frame.select("pid", key.alias("_k")).sort("_k", descending=True)["pid"].to_list()


@dataclass
class Planted:
    jdlk: pl.DataFrame  # pid, status, variant
    civil: pl.DataFrame  # pid, category, start, end, variant
    assessed: dict[str, pl.DataFrame]  # term: pid, level, basis


def plant(city: City, rosters: dict[str, pl.DataFrame], targets: Targets) -> Planted:
    seed = city.seed
    rows = {t: term_rows(city, rosters[t], t) for t in TERMS}
    plan = _Plan(targets, facts={}, blocked=set())
    plan.left = {(t, p, c): n for (p, t, c), n in targets.counts.items()}
    for t in TERMS:
        frame = rows[t]
        plan.blocked |= set(frame.filter(pl.col("state") != "clean")["pid"].to_list())
        plan.facts[t] = {
            r["pid"]: _facts(r)
            for r in frame.filter(pl.col("state") == "clean").iter_rows(named=True)
        }
        # Base: 涉农 中职 students in their first two grades, counted whatever their hardship.
        base = frame.filter(
            pl.col("state").is_in(["clean", "unpaid"]) & (pl.col("stage") == "中职")
            & pl.col("early") & pl.col("agri")
        ).height  # fmt: skip
        plan.left[(t, "VOC_GRANT", "all")] -= base
        if plan.left[(t, "VOC_GRANT", "all")] < 0:
            raise ValueError(f"{t}: 涉农专业 students exceed VOC_GRANT's count")
    students = city.students.filter(~pl.col("pid").is_in(list(plan.blocked)))
    present = set(plan.facts[TERMS[0]]) | set(plan.facts[TERMS[1]])
    students = students.filter(pl.col("pid").is_in(list(present)))
    rural = pl.when(pl.col("rural")).then(3.0).otherwise(1.0)

    def both(pid: int, kind: str) -> list[tuple[str, Key]]:
        return [(t, k) for t in TERMS for k in keys(plan.facts[t].get(pid), kind)]

    # 1. 建档立卡: in force all year.
    jdlk: list[int] = []
    jdlk_keys = [k for k in plan.left if k[1] == "JDLK_LIVING"]
    for pid in _order(students.filter(pl.col("hukou").str.starts_with("4408")), seed,
                      "demo-jdlk", rural):  # fmt: skip
        found = both(pid, "J")
        if found and plan.fits(found, JDLK_SHARE):
            plan.take(found)
            jdlk.append(pid)
            if not any(plan.left[k] for k in jdlk_keys):
                break
    short = {k: n for k, n in plan.left.items() if k[1] == "JDLK_LIVING" and n}
    if short:
        raise ValueError(f"not enough students for 建档立卡: {short}")
    chosen = set(jdlk)

    # 2. 民政 records: all year first, then one term's.
    n_keys = [k for k in plan.left if k[1] in ("NONBOARDING", "SEN_TUITION")]
    civil: list[tuple[int, str]] = []  # pid, when: "both" | term
    candidates = _order(students.filter(~pl.col("pid").is_in(jdlk)), seed, "demo-civil", rural)
    for when in ("both", *TERMS):
        for pid in candidates:
            if pid in chosen:
                continue
            terms = TERMS if when == "both" else (when,)
            found = [(t, k) for t in terms for k in keys(plan.facts[t].get(pid), "N")]
            n_found = [f for f in found if f[1][0] in ("NONBOARDING", "SEN_TUITION")]
            if when == "both" and len({t for t, _ in n_found}) < 2:
                continue
            if not n_found:
                continue
            cap = CIVIL_BOTH_SHARE if when == "both" else 1.0
            if plan.fits(n_found, cap) and plan.fits(found):
                plan.take(found)
                chosen.add(pid)
                civil.append((pid, when))
                if not any(plan.left[k] for k in n_keys):
                    break
    short = {k: n for k, n in plan.left.items() if k in n_keys and n}
    if short:
        raise ValueError(f"not enough students for 民政 records: {short}")
    in_force = {t: set(jdlk) | {p for p, w in civil if w in ("both", t)} for t in TERMS}

    # 3. Schools' 认定, per term: exactly the rest.
    assessed: dict[str, pl.DataFrame] = {}
    for t in TERMS:
        picked: list[int] = []
        by_key: dict[Key, list[int]] = {}
        for pid in _order(students, seed, f"demo-assess-{t}", rural):
            if pid in in_force[t] or pid not in plan.facts[t]:
                continue
            h_keys = keys(plan.facts[t][pid], "H")
            if h_keys:
                by_key.setdefault(h_keys[0], []).append(pid)
        for (program, cell), pids in by_key.items():
            n = plan.left.get((t, program, cell), 0)
            if n > len(pids):
                raise ValueError(f"{t}: not enough students for {program} {cell}")
            picked += pids[:n]
            plan.left[(t, program, cell)] = 0
        short = {k: n for k, n in plan.left.items() if k[0] == t and n}
        if short:
            raise ValueError(f"{t}: counts not reached: {short}")
        assessed[t] = _assessments(city, plan, t, picked, in_force[t], seed)
    return Planted(
        jdlk=_jdlk_rows(city, plan, jdlk, seed),
        civil=_civil_rows(city, plan, civil, seed),
        assessed=assessed,
    )


def _noise_pids(plan: _Plan, term: str, count: int, seed: int, purpose: str,
                busy: set[int], want: Any) -> list[int]:  # fmt: skip
    """Up to `count` clean students of the term, not `busy`, whose facts satisfy `want`,
    and who count nowhere new in either term (checked by the caller's `want`)."""
    pool = [p for p, f in plan.facts[term].items() if p not in busy and want(p, f)]
    pool.sort(key=lambda p: _mix(seed, purpose, p))
    return pool[:count]


def _mix(seed: int, purpose: str, n: int) -> int:
    """A deterministic pseudo-random order (Python's str hash changes with each process)."""
    return zlib.crc32(f"{seed}:{purpose}:{n}".encode())


def _noise_count(plan: _Plan, share: float) -> int:
    return max(2, round(plan.targets.counts[("JDLK_LIVING", TERMS[0], "other")] * share))


def _jdlk_rows(city: City, plan: _Plan, jdlk: list[int], seed: int) -> pl.DataFrame:
    """pid, status, variant: the planted households, and noise that gives nobody anything."""
    busy = set(jdlk)
    # A 户籍 outside Zhanjiang, in cells no program pays in either term.
    outside = set(city.students.filter(~pl.col("hukou").str.starts_with("4408"))["pid"])

    def quiet(pid: int, facts: Facts) -> bool:
        return (
            pid in outside
            and pid not in plan.blocked
            and not any(keys(plan.facts[t].get(pid), "J") for t in TERMS)
        )

    elsewhere = _noise_pids(plan, TERMS[0], _noise_count(plan, 0.004), seed, "j-out", busy, quiet)
    busy |= set(elsewhere)
    # Households out of poverty, and records naming the student differently (unconfirmed).
    anyone = _noise_pids(plan, TERMS[0], _noise_count(plan, 0.01), seed, "j-off", busy,
                         lambda p, f: p not in plan.blocked)  # fmt: skip
    off, variants = anyone[::2], anyone[1::2]
    status = pick(unit(pl.col("pid"), seed, "demo-jdlk-status"),
                  {"未脱贫": 0.3, "已脱贫享受政策": 0.7})  # fmt: skip
    frame = pl.DataFrame({"pid": [*jdlk, *elsewhere, *off, *variants]}, schema={"pid": pl.UInt64})
    return frame.with_columns(
        pl.when(pl.col("pid").is_in(off)).then(pl.lit("已脱贫不享受政策")).otherwise(status)
        .alias("status"),
        pl.col("pid").is_in(variants).alias("variant"),
    )  # fmt: skip


def _civil_rows(city: City, plan: _Plan, civil: list[tuple[int, str]], seed: int) -> pl.DataFrame:
    """pid, category, start, end, variant: the planted records and a few ended before spring."""
    busy = {p for p, _ in civil} | set()
    expired = _noise_pids(plan, TERMS[0], _noise_count(plan, 0.01), seed, "c-old", busy,
                          lambda p, f: True)  # fmt: skip
    when = dict(civil) | dict.fromkeys(expired, "old")
    frame = pl.DataFrame(
        {"pid": list(when), "when": list(when.values())},
        schema={"pid": pl.UInt64, "when": pl.String},
    ).join(city.students.select("pid", "rural"), on="pid")
    u = unit(pl.col("pid"), seed, "demo-civil-dates")
    days = (u * 300).cast(pl.Int64)
    start = (
        pl.when(pl.col("when") == TERMS[1])
        .then(pl.lit(dt.date(YEAR, 3, 20)) + pl.duration(days=(u * 150).cast(pl.Int64)))
        .otherwise(pl.lit(dt.date(YEAR - 3, 1, 1)) + pl.duration(days=days * 2))
    )
    end = (
        pl.when(pl.col("when") == TERMS[0])
        .then(pl.lit(dt.date(YEAR, 3, 31)) + pl.duration(days=(u * 150).cast(pl.Int64)))
        .when(pl.col("when") == "old")
        .then(pl.lit(dt.date(YEAR - 1, 6, 30)) + pl.duration(days=(u * 200).cast(pl.Int64)))
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


def _assessments(city: City, plan: _Plan, term: str, picked: list[int], in_force: set[int],
                 seed: int) -> pl.DataFrame:  # fmt: skip
    """pid, level, basis of the term's 认定: the planted, the students with a category (特别
    困难, now and then 不困难: a conflict the category wins) and non-boarding pupils."""
    facts = plan.facts[term]
    listed = [p for p in in_force if p in facts]
    quiet = _noise_pids(
        plan,
        term,
        _noise_count(plan, 0.02),
        seed,
        f"a-{term}",
        set(picked) | in_force,
        lambda p, f: f[0] in ("小学", "初中") and not f[2] and not f[3],
    )
    level = pick(unit(pl.col("pid"), seed, f"demo-level-{term}"),
                 {"特别困难": 0.15, "困难": 0.45, "一般困难": 0.4})  # fmt: skip
    conflict = unit(pl.col("pid"), seed, f"demo-conflict-{term}") < 0.003
    reasons = ["家庭成员患重大疾病", "单亲家庭", "家庭遭受自然灾害", "父母失业或收入低"]
    reason = pl.lit(reasons[0])
    for i, text in enumerate(reasons[1:], start=1):
        reason = pl.when(unit(pl.col("pid"), seed, "demo-reason") * len(reasons) >= i).then(
            pl.lit(text)).otherwise(reason)  # fmt: skip
    frame = pl.DataFrame(
        {"pid": [*picked, *quiet, *listed],
         "category": [False] * (len(picked) + len(quiet)) + [True] * len(listed)},
        schema={"pid": pl.UInt64, "category": pl.Boolean},
    )  # fmt: skip
    return frame.filter(pl.col("pid").is_in(list(facts))).select(
        "pid",
        pl.when(pl.col("category") & conflict).then(pl.lit("不困难"))
        .when("category").then(pl.lit("特别困难")).otherwise(level).alias("level"),
        pl.when("category").then(pl.lit("家庭经济困难（部门名单）")).otherwise(reason).alias("basis"),
    )  # fmt: skip


# ---- the city --------------------------------------------------------------------------------


@dataclass
class DemoCity(KeptCity):
    targets: Targets = field(default_factory=lambda: Targets(1.0, {}, 0, 0))
    planted: Planted | None = None

    @classmethod
    def plant(cls, *, scale: float, seed: int = 2019) -> DemoCity:
        city = City.build(scale=scale, seed=seed, year=YEAR, params=demo_params())
        demo = cls(**{f.name: getattr(city, f.name) for f in dataclasses.fields(City) if f.init},
                   targets=Targets.at(scale))  # fmt: skip
        demo.planted = planted = plant(demo, {t: demo.roster(t) for t in TERMS}, demo.targets)
        people = demo.students.select("pid", "hukou", "home")
        county = pl.when(pl.col("hukou").str.starts_with("4408")).then("hukou").otherwise("home")
        jdlk = planted.jdlk.join(people, on="pid").with_columns(county.alias("county"))
        heads = jdlk.select(
            pl.col("pid").alias("household"), "county", (pl.col("pid") + GUARDIAN).alias("pid"),
            pl.lit("户主").alias("relation"), pl.lit(False).alias("variant"), "status",
        )  # fmt: skip
        members = jdlk.select(
            pl.col("pid").alias("household"), "county", "pid", pl.lit("子女").alias("relation"),
            "variant", "status",
        )  # fmt: skip
        old = city.lists[JDLK].select(heads.columns)
        civil = planted.civil.join(people, on="pid").select(
            "pid", county.alias("county"), "variant", "category", "start", "end"
        )
        demo.lists = {
            JDLK: pl.concat([heads, members, old]).sort("county", "household", "pid"),
            CIVIL: pl.concat([civil, city.lists[CIVIL].select(civil.columns)]),
            DISABILITY: city.lists[DISABILITY],
        }
        return demo

    def assessments(self, term: str) -> pl.DataFrame:
        assert self.planted is not None
        label, _, _ = term_dates(term)
        rows = self.roster(term).filter(pl.col("在校状态") == "在读").unique("pid", keep="first")
        return (
            self.planted.assessed[term]
            .join(rows, on="pid")
            .sort("county", "学校标识码", "pid")
            .select(
                "county",
                pl.lit(label).alias("学期"),
                "学校标识码",
                "学籍号",
                "姓名",
                "身份证件号",
                pl.col("level").alias("困难等级"),
                pl.col("basis").alias("认定依据"),
            )  # fmt: skip
            .select("county", *ASSESSMENT_HEADERS)
        )

    def loans_table(self) -> pl.DataFrame:
        """The generator's contracts, amounts moved within their caps to the target total."""
        table = super().loans_table()
        amounts = [int(a) for a in table["贷款金额"]]
        levels = list(table["学历层次"])
        caps = {"专科": 8000, "本科": 8000, "研究生": 12000}
        diff = self.targets.loans_amount - sum(amounts)
        for i in sorted(range(len(amounts)), key=lambda i: _mix(self.seed, "loans", i)):
            if diff == 0:
                break
            if diff > 0 and levels[i] != "研究生" and amounts[i] == 8000 and diff >= 1000:
                levels[i] = "研究生"  # a 研究生 contract borrows more
            cap = caps[levels[i]]
            step = min(diff, cap - amounts[i]) if diff > 0 else max(diff, 3000 - amounts[i])
            amounts[i] += step
            diff -= step
        return table.with_columns(
            pl.Series("贷款金额", [str(a) for a in amounts]), pl.Series("学历层次", levels)
        )

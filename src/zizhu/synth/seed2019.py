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
   count, and at most `JDLK_SHARE` (zizhu.synth._plant) of any other program's count in either term;
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
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from zizhu.synth._assess import ASSESSMENT_HEADERS
from zizhu.synth._people import GUARDIAN
from zizhu.synth._plant import Planted, plant
from zizhu.synth._students import term_dates
from zizhu.synth.city import CIVIL, DISABILITY, JDLK, City, KeptCity
from zizhu.synth.params import CityParams

YEAR = 2019
TERMS = ("2019-1", "2019-2")
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


# ---- the city --------------------------------------------------------------------------------


def _mix(seed: int, purpose: str, n: int) -> int:
    """A deterministic pseudo-random order (Python's str hash changes with each process)."""
    return zlib.crc32(f"{seed}:{purpose}:{n}".encode())


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

"""The synthetic city's next year (the demo's 2020 after its 2019), derived from the year before.

    city2019 = DemoCity.plant(scale=0.01)
    city2020 = NextYear.derive(city2019, assessed=city2019.planted.assessed)
    city2020.write(Path("var/demo/2020-1"), term="2020-1")   # + the 2020 lists and loans
    city2020.write(Path("var/demo/2020-2"), term="2020-2", lists=False)

Nothing here is calibrated to published figures (there are none for 2020 in the specs): the
year follows from the last one by rules. The rosters (zizhu.synth._moves): the spring term
continues the autumn's school year less those who left; the autumn starts a new one, grades
advance, graduates leave, entrants arrive; in both, a few students transfer, which the old
school's roster records as 转出. The department lists (zizhu.synth._lists_next): new versions,
with households leaving poverty and entering it, 民政 periods ending and beginning. Schools'
认定 (zizhu.synth._assess_next): last year's shares, sticky to who was assessed before. Loans:
the generator's, for the school year starting in the autumn.

Everything is polars over whole columns, from the seed: the same previous year and seed give
the same next year, at any scale. The previous year's city is only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from zizhu.synth import _people
from zizhu.synth._assess import ASSESSMENT_HEADERS
from zizhu.synth._assess_next import assess_term, shares, term_cells
from zizhu.synth._lists_next import civil_next, disability_next, jdlk_next
from zizhu.synth._moves import TermMoves, autumn_moves, spring_moves
from zizhu.synth._people import GUARDIAN
from zizhu.synth._roster import roster_rows
from zizhu.synth._students import term_dates
from zizhu.synth._tables import categories_in_force
from zizhu.synth.city import CIVIL, DISABILITY, JDLK, City, KeptCity
from zizhu.synth.params import NextYearParams

# The new people's ID sequences start this far from the earlier people's within each (region,
# birth date, sex): no group of either holds that many, and a clash is checked for anyway.
ID_SHIFT = 250


@dataclass
class NextYear(KeptCity):
    moves: NextYearParams = field(default_factory=NextYearParams)
    departures: dict[str, pl.DataFrame] = field(default_factory=dict)  # term: ENROL, 转出
    assessed: dict[str, pl.DataFrame] = field(default_factory=dict)  # term: pid, level, basis
    entrants: pl.DataFrame = field(default_factory=pl.DataFrame)  # pid of the year's entrants

    @classmethod
    def derive(
        cls,
        previous: City,
        *,
        assessed: dict[str, pl.DataFrame],
        moves: NextYearParams | None = None,
    ) -> NextYear:
        """The year after `previous`'s. assessed: the previous year's 认定 per term (pid,
        level), as its schools gave it (DemoCity.planted.assessed, NextYear.assessed)."""
        moves = moves or NextYearParams()
        year = previous.year + 1
        spring_term, autumn_term = f"{year}-1", f"{year}-2"
        last_autumn = f"{year - 1}-2"
        params, seed, units = previous.params, previous.seed, previous.units
        spring = spring_moves(
            previous.enrolments[last_autumn], last_term=last_autumn,
            last_arrivals=_moves_of(previous, last_autumn).arrivals, units=units, params=params,
            moves=moves, seed=seed, term=spring_term,
        )  # fmt: skip
        facts, autumn = autumn_moves(
            spring, previous.students, spring_term=spring_term, units=units, params=params,
            moves=moves, seed=seed, year=year,
        )  # fmt: skip
        entrants, parents = _newcomers(facts, previous.people, seed)
        students = pl.concat([previous.students, entrants.select(previous.students.columns)])
        people = pl.concat([previous.people, entrants.select("pid", "name", "id_number"), parents])
        enrolled = pl.concat([spring.enrolments["pid"], autumn.enrolments["pid"]]).unique()
        this_year = students.join(pl.DataFrame({"pid": enrolled}), on="pid")
        lists = {
            JDLK: jdlk_next(previous.lists[JDLK], this_year, entrants=entrants["pid"],
                            entrant_share=_jdlk_share(previous, last_autumn), params=params,
                            moves=moves, seed=seed, year=year),
            CIVIL: civil_next(previous.lists[CIVIL], this_year, params=params, moves=moves,
                              seed=seed, year=year),
            DISABILITY: disability_next(previous.lists[DISABILITY], entrants, params=params,
                                        moves=moves, seed=seed, year=year),
        }  # fmt: skip
        city = cls(
            params=params, scale=previous.scale, seed=seed, year=year, schools=previous.schools,
            units=units, students=students, people=people,
            enrolments={spring_term: spring.enrolments, autumn_term: autumn.enrolments},
            lists=lists, moves=moves,
            departures={spring_term: spring.departures, autumn_term: autumn.departures},
            entrants=entrants.select("pid"),
        )  # fmt: skip
        sticky = assessed[last_autumn]
        for term in (spring_term, autumn_term):
            before = f"{year - 1}-{term[-1]}"  # the same half of the year before
            city.assessed[term] = assess_term(
                city.term_cells(term), city.listed(term),
                shares(previous_cells(previous, before), assessed[before],
                       _listed(previous, before)),
                sticky, params=params, seed=seed, term=term,
            )  # fmt: skip
            sticky = city.assessed[term]
        return city

    # ---- what the derivation reads ----------------------------------------------------------

    def term_moves(self, term: str) -> TermMoves:
        return TermMoves(self.enrolments[term], self.departures[term])

    def term_cells(self, term: str) -> pl.DataFrame:
        return term_cells(self._clean_roster(term), self.enrolments[term])

    def listed(self, term: str) -> pl.DataFrame:
        """pid of everyone with a category in force on the term's reference date."""
        return _listed(self, term)

    # ---- tables ---------------------------------------------------------------------------

    def _clean_roster(self, term: str) -> pl.DataFrame:
        """The term's roster before noise: the students' enrolments and the old schools' rows
        of those who transferred, 转出 there and 在读 at the new school."""
        if term not in self._clean:
            moves = self.term_moves(term)
            guardians = self.people.filter(pl.col("pid") >= GUARDIAN)
            enrol = pl.concat([moves.enrolments, moves.departures])
            rows = roster_rows(
                enrol, self.students, guardians, self.schools, self.params, seed=self.seed,
                term=term,
            )  # fmt: skip
            forced = pl.concat([
                moves.departures.select("pid", "school", pl.lit("转出").alias("_status")),
                moves.arrivals.select("pid", "school", pl.lit("在读").alias("_status")),
            ]).rename({"school": "学校标识码"})  # fmt: skip
            self._clean[term] = (
                rows.join(forced, on=["pid", "学校标识码"], how="left", maintain_order="left")
                .with_columns(pl.coalesce("_status", "在校状态").alias("在校状态"))
                .drop("_status")
            )
        return self._clean[term]

    def assessments(self, term: str) -> pl.DataFrame:
        """county and the 认定 columns of the term: each assessed student's 在读 row."""
        label, _, _ = term_dates(term)
        rows = self.roster(term).filter(pl.col("在校状态") == "在读").unique("pid", keep="first")
        return (
            self.assessed[term]
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


def _moves_of(city: City, term: str) -> TermMoves:
    if isinstance(city, NextYear):
        return city.term_moves(term)
    empty = city.enrolments[term].clear()
    return TermMoves(city.enrolments[term], empty)


def previous_cells(city: City, term: str) -> pl.DataFrame:
    return term_cells(city._clean_roster(term), city.enrolments[term])


def _listed(city: City, term: str) -> pl.DataFrame:
    _, reference, _ = term_dates(term)
    lists = city.lists
    return categories_in_force(lists[JDLK], lists[CIVIL], lists[DISABILITY], reference).select(
        "pid"
    )


def _jdlk_share(city: City, term: str) -> float:
    """The share of the term's students of local 户籍 on the 建档立卡 list (and enjoying it)."""
    local = pl.col("hukou").is_in(list(city.params.county_weights))
    students = city.enrolments[term].join(city.students.select("pid", "hukou"), on="pid")
    students = students.filter(local)
    listed = city.lists[JDLK].filter(pl.col("status") != "已脱贫不享受政策").select("pid")
    return students.join(listed, on="pid", how="semi").height / max(students.height, 1)


def _newcomers(
    facts: pl.DataFrame, earlier: pl.DataFrame, seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the entrants with names, ID numbers and J 学籍号; their guardians' pid, name and ID
    number), none of whose ID numbers an earlier person holds."""
    named = _people.with_names(facts, seed)
    guardians = _people.guardians(named, seed)
    everyone = _people.identify(
        [named.with_columns(pl.col("hukou").alias("region")), guardians], seed, shift=ID_SHIFT
    )
    clash = everyone.join(earlier.select("id_number"), on="id_number", how="semi")
    if clash.height:
        raise ValueError(f"{clash.height} new ID numbers clash with earlier people's")
    students = named.join(everyone.select("pid", "id_number", "j_number"), on="pid").sort("pid")
    parents = everyone.filter(pl.col("pid") >= GUARDIAN).select("pid", "name", "id_number")
    return students, parents.sort("pid")

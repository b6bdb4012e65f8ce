"""A synthetic Zhanjiang written as the files of spec/formats.md.

    city = City.build(scale=0.01, seed=2019)                 # spring and autumn of 2019
    city.write(Path("var/city/2019-1"), term="2019-1")        # + department lists and loans
    city.write(Path("var/city/2019-2"), term="2019-2", lists=False)
    write_city(Path("var/bench"), scale=1.0, fmt="csv")       # one term, all in one call

`scale` 1.0 is the whole city (3,220 schools, 1,592,100 students). Everything is generated with
polars expressions over whole columns, from pseudo-random hashes of each person's id and the
seed: the same (scale, seed, params) always gives the same files. Autumn is a new school year,
so its rosters differ from spring's by the students who moved up, left or arrived; the lists
are the year's. Distribution parameters are in `CityParams` (zizhu.synth.params).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from zizhu.synth import _lists, _people, _students
from zizhu.synth._assess import assessment_rows, loan_rows
from zizhu.synth._noise import add_noise
from zizhu.synth._roster import roster_rows
from zizhu.synth._schools import build_schools, school_units
from zizhu.synth._tables import (
    categories_in_force,
    civil_table,
    disability_table,
    jdlk_table,
    schools_table,
)
from zizhu.synth._write import Job, write_tables
from zizhu.synth.params import CityParams

__all__ = ["City", "CityFiles", "CityParams", "write_city"]

# File names and sheet names (the sheet is the template's name, spec/formats.md).
SCHOOLS, ROSTER, JDLK, CIVIL = "学校名册", "学生名册", "建档立卡贫困人口", "民政救助对象"
DISABILITY, HARDSHIP, LOANS = "残疾人", "家庭经济困难学生认定", "生源地信用助学贷款"


@dataclass
class CityFiles:
    """The files of one term, by `zizhu import` KIND, in the order data flows."""

    term: str
    schools: Path
    rosters: dict[str, Path] = field(default_factory=dict)  # by county code
    jdlk: Path | None = None
    civil: Path | None = None
    disability: Path | None = None
    hardship: dict[str, Path] = field(default_factory=dict)  # by county code
    loans: Path | None = None

    def in_flow_order(self) -> list[tuple[str, Path]]:
        """(KIND, file) in the order they are imported."""
        lists = [("jdlk", self.jdlk), ("civil", self.civil), ("disability", self.disability)]
        return [
            ("schools", self.schools),
            *[("students", p) for p in self.rosters.values()],
            *[(kind, p) for kind, p in lists if p],
            *[("hardship", p) for p in self.hardship.values()],
            *([("loans", self.loans)] if self.loans else []),
        ]


@dataclass
class City:
    params: CityParams
    scale: float
    seed: int
    year: int
    schools: pl.DataFrame
    units: pl.DataFrame
    students: pl.DataFrame  # pid, facts of the person, name, id_number, j_number
    people: pl.DataFrame  # pid, name, id_number of everyone (guardians and list people too)
    enrolments: dict[str, pl.DataFrame]  # by term: pid, county, stage, grade, school
    lists: dict[str, pl.DataFrame]  # JDLK, CIVIL, DISABILITY rows by pid
    _clean: dict[str, pl.DataFrame] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def build(
        cls, *, scale: float, seed: int = 2019, year: int = 2019, params: CityParams | None = None
    ) -> City:
        params = params or CityParams()
        schools = build_schools(params, scale, seed)
        units = school_units(schools, list(params.county_weights))
        spring_people, spring = _students.spring(params, scale, seed, year, units)
        newcomers, autumn = _students.autumn(spring_people, spring, params, seed, year, units)
        students = _people.with_names(pl.concat([spring_people, newcomers]), seed)
        guardians = _people.guardians(students, seed)
        jdlk, jdlk_people = _lists.jdlk(students, params, scale, seed)
        civil, civil_people = _lists.civil(students, params, scale, seed, year)
        disability, disability_people = _lists.disability(students, params, scale, seed)
        students = students.with_columns(pl.col("hukou").alias("region"))
        everyone = _people.identify(
            [students, guardians, jdlk_people, civil_people, disability_people], seed
        )
        ids = everyone.select("pid", "id_number", "j_number")
        return cls(
            params=params,
            scale=scale,
            seed=seed,
            year=year,
            schools=schools,
            units=units,
            students=students.drop("region").join(ids, on="pid"),
            people=everyone.select("pid", "name", "id_number"),
            enrolments={f"{year}-1": spring, f"{year}-2": autumn},
            lists={JDLK: jdlk, CIVIL: civil, DISABILITY: disability},
        )

    # ---- tables --------------------------------------------------------------------------

    def schools_table(self) -> pl.DataFrame:
        return schools_table(self.schools)

    def _clean_roster(self, term: str) -> pl.DataFrame:
        """The term's roster before noise: what 认定 and loans are drawn from."""
        if term not in self._clean:
            guardians = self.people.filter(pl.col("pid") >= _people.GUARDIAN)
            self._clean[term] = roster_rows(
                self.enrolments[term], self.students, guardians, self.schools, self.params,
                seed=self.seed, term=term,
            )  # fmt: skip
        return self._clean[term]

    def release_rosters(self) -> None:
        """Forget the rosters kept for the terms written (a large city's take gigabytes): a
        later call makes them again from the enrolments."""
        self._clean.clear()

    def roster(self, term: str) -> pl.DataFrame:
        """county, pid, stage and the 学生名册 columns of a term, noise included."""
        return add_noise(self._clean_roster(term), self.units, self.params, self.seed, term)

    def assessments(self, term: str) -> pl.DataFrame:
        """county and the 认定 columns of a term."""
        _, reference, _ = _students.term_dates(term)
        categories = categories_in_force(
            self.lists[JDLK], self.lists[CIVIL], self.lists[DISABILITY], reference
        )
        clean = self._clean_roster(term)
        return assessment_rows(clean, categories, self.params, self.seed, term)

    def jdlk_table(self) -> pl.DataFrame:
        return jdlk_table(self.lists[JDLK], self.people, self.seed, self.year)

    def civil_table(self) -> pl.DataFrame:
        return civil_table(self.lists[CIVIL], self.people, self.seed)

    def disability_table(self) -> pl.DataFrame:
        return disability_table(self.lists[DISABILITY], self.people, self.seed)

    def loans_table(self) -> pl.DataFrame:
        """Contracts of the school year starting in autumn, for students on autumn's roster."""
        names = self.schools.select(
            pl.col("code").alias("学校标识码"), pl.col("name").alias("school_name")
        )
        roster = self._clean_roster(f"{self.year}-2").join(names, on="学校标识码")
        count = round(self.params.loans * self.scale)
        return loan_rows(roster, count, self.params, self.seed, self.year)

    # ---- files ---------------------------------------------------------------------------

    def write(self, out: Path, *, term: str, fmt: str = "xlsx", lists: bool = True) -> CityFiles:
        """Write the schools, the term's rosters and 认定 per county and, with `lists`, the
        department lists and the loans, into `out`. fmt: "xlsx" or "csv"."""

        def path(name: str) -> Path:
            return out / f"{name}.{fmt}"

        counties = list(self.params.county_weights)
        files = CityFiles(
            term=term,
            schools=path(SCHOOLS),
            rosters={c: path(f"{ROSTER}-{c}") for c in counties},
            hardship={c: path(f"{HARDSHIP}-{c}") for c in counties},
        )
        jobs = [(self.schools_table(), files.schools, SCHOOLS)]
        jobs += _by_county(self.roster(term), files.rosters, ROSTER)
        jobs += _by_county(self.assessments(term), files.hardship, HARDSHIP)
        if lists:
            files.jdlk, files.civil = path(JDLK), path(CIVIL)
            files.disability, files.loans = path(DISABILITY), path(LOANS)
            jobs += [
                (self.jdlk_table(), files.jdlk, JDLK),
                (self.civil_table(), files.civil, CIVIL),
                (self.disability_table(), files.disability, DISABILITY),
                (self.loans_table(), files.loans, LOANS),
            ]
        out.mkdir(parents=True, exist_ok=True)
        write_tables(jobs)
        return files


def _by_county(rows: pl.DataFrame, paths: dict[str, Path], sheet: str) -> list[Job]:
    """One file per county: the rows whose county it is, without the helper columns."""
    headers = [c for c in rows.columns if c not in ("county", "pid", "stage")]
    return [
        (rows.filter(pl.col("county") == county).select(headers), path, sheet)
        for county, path in paths.items()
    ]


def write_city(
    out: Path,
    *,
    scale: float,
    seed: int = 2019,
    term: str = "2019-2",
    fmt: str = "xlsx",
    params: CityParams | None = None,
) -> CityFiles:
    """Build the city and write one term's files (with the lists and loans) into `out`."""
    city = City.build(scale=scale, seed=seed, year=int(term[:4]), params=params)
    return city.write(out, term=term, fmt=fmt)


@dataclass
class KeptCity(City):
    """A city whose rosters are kept once made, as its schools hold them: the demo's cities,
    whose accounts are corrected between a term's payments (the benchmark's plain City makes
    each roster anew and keeps nothing)."""

    _rosters: dict[str, pl.DataFrame] = field(default_factory=dict, init=False, repr=False)

    def roster(self, term: str) -> pl.DataFrame:
        if term not in self._rosters:
            self._rosters[term] = super().roster(term)
        return self._rosters[term]

    def release_rosters(self) -> None:
        """Forget the rosters kept, as the schools now hold them too (corrected accounts)."""
        super().release_rosters()
        self._rosters.clear()

    def roster_set(self, term: str, rows: pl.DataFrame) -> None:
        """The term's roster as the schools now hold it (e.g. with corrected accounts)."""
        self._rosters[term] = rows

    def guardians(self) -> pl.DataFrame:
        """pid (the student's), name and id_number of each student's guardian."""
        return self.people.filter(pl.col("pid") >= _people.GUARDIAN).select(
            (pl.col("pid") - _people.GUARDIAN).alias("pid"), "name", "id_number"
        )

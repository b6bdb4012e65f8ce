"""The year-over-year view (`zizhu report --compare 2019,2020`): each program's students and
amounts for two years, for the city (or one county) and by county, with the change.

It is made of the two years' reports (zizhu.reports.selectors.year_report) and nothing else, so
its figures are theirs: person-times and amounts of successful payments, and the loans
counting in each year. A program or county paid in only one of the years shows zeros in the
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zizhu.core.errors import Code, Refused
from zizhu.core.money import fen_to_yuan
from zizhu.core.scope import Level, Scope
from zizhu.reports.selectors import LoanYear, Tally, YearReport, year_report


@dataclass(frozen=True)
class CompareLine:
    """One program (in the counties view, one county's program): the year's tally in each of
    the two years, and the change (the later minus the earlier, signed)."""

    code: str
    name: str
    before: Tally
    after: Tally
    county: str = ""
    county_name: str = ""

    @property
    def change(self) -> Tally:
        return Tally(
            self.after.students - self.before.students,
            self.after.amount_fen - self.before.amount_fen,
        )


@dataclass(frozen=True)
class YearCompare:
    before: int  # the earlier year
    after: int
    unit: str  # the city's name, or the county's
    county: str | None  # None: the whole city
    programs: list[CompareLine]  # the earlier year's catalogue order, then programs new later
    counties: list[CompareLine]  # by county code, then the programs' order
    loans: tuple[LoanYear, LoanYear]

    @property
    def total(self) -> CompareLine:
        def add(tallies: list[Tally]) -> Tally:
            return sum(tallies, Tally())

        return CompareLine(
            "",
            "合计",
            add([p.before for p in self.programs]),
            add([p.after for p in self.programs]),
        )

    def as_json(self) -> dict[str, Any]:
        """Money as yuan strings with 2 decimals (a change may be negative: "-1500.00")."""
        first, second = str(self.before), str(self.after)

        def tally(t: Tally) -> dict[str, Any]:
            return {"students": t.students, "amount": fen_to_yuan(t.amount_fen)}

        def line(x: CompareLine) -> dict[str, Any]:
            return {"code": x.code, "name": x.name,
                    "years": {first: tally(x.before), second: tally(x.after)},
                    "change": tally(x.change)}  # fmt: skip

        counties: dict[str, dict[str, Any]] = {}
        for x in self.counties:
            entry = counties.setdefault(x.county, {"county": x.county, "name": x.county_name,
                                                   "programs": []})  # fmt: skip
            entry["programs"].append(line(x))
        loans = {
            str(year): {"count": loan.count, "amount": fen_to_yuan(loan.amount_fen)}
            for year, loan in zip((self.before, self.after), self.loans, strict=True)
        }
        earlier, later = self.loans
        return {
            "years": [self.before, self.after],
            "unit": self.unit,
            "programs": [line(p) for p in self.programs],
            "total": line(self.total),
            "counties": list(counties.values()),
            "loans": {
                "years": loans,
                "change": {
                    "count": later.count - earlier.count,
                    "amount": fen_to_yuan(later.amount_fen - earlier.amount_fen),
                },
            },  # fmt: skip
        }


def year_compare(*, years: tuple[int, int], scope: Scope) -> YearCompare:
    """The two years' reports side by side, for the scope's county or the whole city. The
    years may come in either order; the change is the later minus the earlier."""
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "年度对比只供市、县区资助中心和审计人员查看")
    before, after = sorted(years)
    if before == after:
        raise Refused(Code.REPORT_REFUSED, f"年度对比需要两个不同的年度，现为 {before} 和 {after}")
    earlier, later = (year_report(scope=scope, year=y) for y in (before, after))
    return compare_reports(earlier, later)


def compare_reports(earlier: YearReport, later: YearReport) -> YearCompare:
    """Two year reports of one unit side by side (the web passes its cached reports)."""
    if earlier.county != later.county or earlier.year >= later.year:
        raise ValueError("two reports of one unit, the earlier first")
    # The earlier year's order, then programs new in the later year; names as the later says.
    names = {p.code: p.name for p in [*earlier.programs, *later.programs]}
    order = {code: n for n, code in enumerate(names)}
    programs = [
        CompareLine(code, name, _year_of(earlier.programs, code), _year_of(later.programs, code))
        for code, name in names.items()
    ]
    keys = {(c.county, c.code): c.county_name for c in [*earlier.counties, *later.counties]}
    counties = [
        CompareLine(
            code,
            names.get(code, code),
            _year_of(earlier.counties, code, county),
            _year_of(later.counties, code, county),
            county,
            county_name,
        )  # fmt: skip
        for (county, code), county_name in sorted(
            keys.items(), key=lambda item: (item[0][0], order.get(item[0][1], len(order)))
        )
    ]
    return YearCompare(
        before=earlier.year, after=later.year, unit=later.unit, county=later.county,
        programs=programs, counties=counties, loans=(earlier.loans, later.loans),
    )  # fmt: skip


def _year_of(lines: list[Any], code: str, county: str = "") -> Tally:
    """The year's tally of the program (and county) in a report's lines; zero where absent."""
    for line in lines:
        if line.code == code and line.county == county:
            year: Tally = line.year
            return year
    return Tally()

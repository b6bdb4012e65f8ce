"""The year report (cli.md `report`): each program's students and amounts per term and for the
year from successful payments, per county too, the year's loans, and the disbursement rate.

Every figure is one GROUP BY over whole tables; Python only adds up the few grouped rows
(counties x programs x terms), never students.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zizhu.aid.catalogue import Catalogue
from zizhu.aid.constants import EntitlementStatus
from zizhu.aid.selectors import catalogues_in_force
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.money import fen_to_yuan, percent
from zizhu.core.scope import Level, Scope
from zizhu.loans.selectors import loan_totals
from zizhu.payments.constants import PaymentStatus
from zizhu.reports.funding import FundingLine, funding_lines

SEASONS = {1: "春季", 2: "秋季"}  # registry_term.half


def rate(paid: int, due: int) -> str | None:
    """paid / due in percent (`zizhu.core.money.percent`, shared with the payments area)."""
    return percent(paid, due)


@dataclass(frozen=True)
class Tally:
    """Person-times (distinct entitlements paid) and the fen paid for them."""

    students: int = 0
    amount_fen: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.students + other.students, self.amount_fen + other.amount_fen)


@dataclass(frozen=True)
class ReportTerm:
    code: str  # 2019-1
    name: str  # 2019年春季学期
    label: str  # 春季: the column heading


@dataclass(frozen=True)
class ProgramLine:
    """One program (and, in the counties view, one county): a tally per term of the year."""

    code: str
    name: str
    terms: dict[str, Tally]  # every term of the year, in order
    county: str = ""
    county_name: str = ""

    @property
    def year(self) -> Tally:
        return sum(self.terms.values(), Tally())


@dataclass(frozen=True)
class LoanYear:
    """生源地信用助学贷款 contracts counting in the year (loans.selectors.loan_totals)."""

    count: int
    amount_fen: int


@dataclass(frozen=True)
class TermDisbursement:
    """Approved entitlements of a term (`due`) against those paid successfully (`paid`)."""

    term: str
    due: int
    paid: int
    due_amount_fen: int
    paid_amount_fen: int

    @property
    def rate(self) -> str | None:
        return rate(self.paid, self.due)


@dataclass(frozen=True)
class YearReport:
    year: int
    county: str | None  # None: the whole city
    unit: str  # the city's name, or the county's
    terms: list[ReportTerm]
    programs: list[ProgramLine]  # catalogue order
    counties: list[ProgramLine]  # by county code, then catalogue order; only what was paid
    loans: LoanYear
    disbursement: list[TermDisbursement]  # every term of the year
    funding: list[FundingLine]  # 资金分担, catalogue order; only what was paid

    @property
    def total(self) -> ProgramLine:
        terms = {t.code: sum((p.terms[t.code] for p in self.programs), Tally()) for t in self.terms}
        return ProgramLine("", "合计", terms)

    def as_json(self) -> dict[str, Any]:
        """cli.md's `report` shape: money as yuan strings, never floats."""

        def tally(t: Tally) -> dict[str, Any]:
            return {"students": t.students, "amount": fen_to_yuan(t.amount_fen)}

        return {
            "year": self.year,
            "programs": [
                {"code": p.code, "name": p.name,
                 "terms": {code: tally(t) for code, t in p.terms.items()}, **tally(p.year)}
                for p in self.programs
            ],
            "loans": {"count": self.loans.count, "amount": fen_to_yuan(self.loans.amount_fen)},
            "disbursement": {
                d.term: {"due": d.due, "paid": d.paid, "due_amount": fen_to_yuan(d.due_amount_fen),
                         "paid_amount": fen_to_yuan(d.paid_amount_fen), "rate": d.rate}
                for d in self.disbursement
            },
            "funding": {
                f.code: {key: fen_to_yuan(fen) for key, fen in f.split_fen.items()}
                for f in self.funding if f.split_fen is not None
            },
        }  # fmt: skip


def year_report(*, scope: Scope, year: int) -> YearReport:
    """The report of `year` for the city, or for one county (the acting user's scope). A
    school's scope has no report: its counts are its county's to publish."""
    if scope.level not in (Level.CITY, Level.COUNTY):
        raise Refused(Code.ROLE_FORBIDDEN, "年度报告只面向市、县区资助部门")
    county = scope.county
    # The counties and (kind 1) the city, in one query.
    places = bulk.fetch_all(
        "SELECT code, name, 0 FROM registry_region"
        " UNION ALL SELECT code, name, 1 FROM registry_city"
    )
    regions = {code: name for code, name, kind in places if kind == 0}
    city = next((name for _, name, kind in places if kind == 1), "全市")
    if county is not None and county not in regions:
        raise Refused(Code.SCOPE_OUTSIDE, f"不是本系统管辖的区县：{county}")
    terms = [
        ReportTerm(code, name, SEASONS.get(half, code))
        for code, name, half in bulk.fetch_all(
            "SELECT code, name, half FROM registry_term WHERE year = %s ORDER BY code", [year]
        )
    ]
    if not terms:
        raise Refused(
            Code.REPORT_REFUSED, f"系统中没有 {year} 年的学期：请先用 zizhu term add 添加学期"
        )
    in_force = catalogues_in_force(terms=[t.code for t in terms])
    names = _program_names(in_force)
    paid_by_version = _paid(year, county)
    paid = _tallies(paid_by_version)
    names.update({code: code for _, _, code, _ in paid if code not in names})
    counties = _county_lines(paid, terms, names, regions)
    programs = [
        ProgramLine(code, name, {
            t.code: sum((x.terms[t.code] for x in counties if x.code == code), Tally())
            for t in terms
        })
        for code, name in names.items()
    ]  # fmt: skip
    loans = loan_totals(scope=scope, year=year).values()
    return YearReport(
        year=year,
        county=county,
        unit=city if county is None else regions[county],
        terms=terms,
        programs=programs,
        counties=counties,
        loans=LoanYear(sum(x.count for x in loans), sum(x.amount_fen for x in loans)),
        disbursement=_disbursement(year, county, [t.code for t in terms]),
        funding=funding_lines(
            paid=[(p, term, version, t.amount_fen) for term, _, p, version, t in paid_by_version],
            in_force=in_force,
            names=names,
        ),
    )


def _program_names(in_force: dict[str, Catalogue | None]) -> dict[str, str]:
    """Program code -> 名称, in catalogue order over the year's terms (a later term's
    catalogue names a program it shares with an earlier one). Refused when no term of the
    year has a catalogue: there is no policy to report on."""
    names: dict[str, str] = {}
    if not any(in_force.values()):
        raise Refused(
            Code.CATALOGUE_MISSING,
            f"{'、'.join(in_force)} 学期都没有政策目录：请先用 zizhu catalogue load 载入政策目录",
        )
    for catalogue in in_force.values():
        names.update({p.code: p.name for p in catalogue.programs} if catalogue else {})
    return names


def _paid(year: int, county: str | None) -> list[tuple[str, str, str, int | None, Tally]]:
    """(term, county, program, catalogue version approved under, tally) of the successful
    payments of the year. An entitlement is one person, program and term, and has at most
    one successful payment (a reissue replaces a failed one): distinct entitlements are
    person-times; each has one approval, so one version."""
    in_county = "AND a.county_id = %s" if county else ""
    rows = bulk.fetch_all(
        f"""
        SELECT a.term_id, a.county_id, a.program, cv.version, COUNT(DISTINCT a.id),
            SUM(p.amount_fen)
        FROM payments_payment p
        JOIN aid_entitlement a ON a.id = p.entitlement_id
        JOIN registry_term t ON t.code = a.term_id
        LEFT JOIN aid_approval ap ON ap.id = a.approval_id
        LEFT JOIN aid_catalogueversion cv ON cv.id = ap.catalogue_version_id
        WHERE t.year = %s AND p.status = %s {in_county}
        GROUP BY a.term_id, a.county_id, a.program, cv.version
        """,
        [year, PaymentStatus.SUCCEEDED.value, *([county] if county else [])],
    )
    return [
        (term, c, p, None if v is None else int(v), Tally(int(n), int(fen)))
        for term, c, p, v, n, fen in rows
    ]


def _tallies(
    rows: list[tuple[str, str, str, int | None, Tally]],
) -> list[tuple[str, str, str, Tally]]:
    """The tallies of `_paid`, added up over catalogue versions."""
    summed: dict[tuple[str, str, str], Tally] = {}
    for term, county, program, _, tally in rows:
        summed[(term, county, program)] = summed.get((term, county, program), Tally()) + tally
    return [(*key, tally) for key, tally in summed.items()]


def _county_lines(
    paid: list[tuple[str, str, str, Tally]],
    terms: list[ReportTerm],
    names: dict[str, str],
    regions: dict[str, str],
) -> list[ProgramLine]:
    """One line per county and program with anything paid: by county, then catalogue order."""
    lines: dict[tuple[str, str], dict[str, Tally]] = {}
    for term, county, program, tally in paid:
        per_term = lines.setdefault((county, program), {t.code: Tally() for t in terms})
        per_term[term] += tally
    order = {code: n for n, code in enumerate(names)}
    return [
        ProgramLine(program, names[program], per_term, county, regions[county])
        for (county, program), per_term in sorted(
            lines.items(), key=lambda line: (line[0][0], order[line[0][1]])
        )
    ]


def _disbursement(year: int, county: str | None, terms: list[str]) -> list[TermDisbursement]:
    """Due: approved entitlements with an amount (HELD, EXCLUDED, DRAFT and 0-yuan ones are
    not due, as in payments.selectors.disbursement); paid: those with a successful payment."""
    in_county = "AND a.county_id = %s" if county else ""
    rows = bulk.fetch_all(
        f"""
        SELECT a.term_id, COUNT(*), SUM(a.amount_fen), COUNT(p.id), COALESCE(SUM(p.amount_fen), 0)
        FROM aid_entitlement a
        JOIN registry_term t ON t.code = a.term_id
        LEFT JOIN payments_payment p ON p.entitlement_id = a.id AND p.status = %s
        WHERE t.year = %s AND a.status = %s AND a.amount_fen > 0 {in_county}
        GROUP BY a.term_id
        """,
        [PaymentStatus.SUCCEEDED.value, year, EntitlementStatus.APPROVED.value,
         *([county] if county else [])],
    )  # fmt: skip
    found = {
        term: TermDisbursement(term, int(n), int(paid), int(fen), int(paid_fen))
        for term, n, fen, paid, paid_fen in rows
    }
    return [found.get(term, TermDisbursement(term, 0, 0, 0, 0)) for term in terms]

"""The policy catalogue as the engine reads it: programs, who qualifies, amounts, the yearly
cap, funding shares, the 公示 calendar and the loan caps (docs/catalogue.md).

A catalogue is a TOML file an official writes (_catalogue_parse.py reads and checks it); once
loaded it is a numbered version in the database (_catalogue_store.py). This module holds only
the parsed values and the few rules that read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zizhu.core.errors import Code, Refused
from zizhu.hardship.constants import LEVELS as HARDSHIP_LEVELS
from zizhu.loans.constants import LoanLevel
from zizhu.registry.constants import Stage

STAGES = tuple(str(stage) for stage in Stage.values)
LEVELS = tuple(str(level) for level in HARDSHIP_LEVELS)
PRIVATE_CAPS = ("county_public_max",)
FUNDING_KEYS = ("central", "provincial", "city", "county")
LOAN_LEVELS = tuple(str(level) for level in LoanLevel.values)


@dataclass(frozen=True)
class Condition:
    stages: tuple[str, ...] = ()
    grades: tuple[int, ...] = ()
    boarding: bool | None = None
    rural_hukou: bool | None = None
    hukou_prefix: tuple[str, ...] = ()
    local_hukou: bool | None = None  # 户籍 in the loaded city (its code's first four digits)
    categories: tuple[str, ...] = ()
    hardship: tuple[str, ...] = ()
    agri_major: bool | None = None
    any_of: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class AmountRule:
    label: str
    stages: tuple[str, ...] = ()
    grades: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    amount_fen: int | None = None
    school_fee: bool = False
    private_cap: str | None = None


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    who: Condition
    amounts: tuple[AmountRule, ...]
    excludes: tuple[str, ...] = ()
    # Percent per level (FUNDING_KEYS), summing to 100: the program's own, else the
    # catalogue's default; empty when the catalogue gives neither.
    funding: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class YearCalendar:
    """One calendar year's rest days besides weekends, and its adjusted working weekends."""

    year: int
    holidays: frozenset[dt.date]
    working_weekends: frozenset[dt.date]


@dataclass(frozen=True)
class LoanCaps:
    """The highest amount of one loan contract per level (LOAN_LEVELS), in fen, from the school
    year that starts in `from_year` until the next entry."""

    from_year: int
    fen: dict[str, int]


@dataclass(frozen=True)
class Catalogue:
    name: str
    file_name: str
    sha256: str
    terms: tuple[str, ...]
    programs: tuple[Program, ...]
    yearly_cap_fen: int | None
    default_funding: dict[str, Decimal]
    calendars: dict[int, YearCalendar]
    publicity_working_days: int
    loan_caps: tuple[LoanCaps, ...]  # oldest first; empty when the file has none
    version: int | None = None  # None: a file not loaded (a draft, for the what-if)

    @property
    def source(self) -> str:
        """Which policy an entitlement came from, as its row records it (100 characters)."""
        if self.version is None:
            return f"政策目录草案 {self.file_name}@{self.sha256[:12]}"[:100]
        return f"政策目录第{self.version}版（{self.name}）"[:100]

    def program(self, code: str) -> Program:
        for program in self.programs:
            if program.code == code:
                return program
        raise Refused(Code.CATALOGUE_INVALID, f"政策目录中没有资助项目：{code}")

    def order(self, code: str) -> int:
        return [p.code for p in self.programs].index(code)

    def exclusive_pairs(self) -> list[tuple[Program, Program]]:
        """Each pair of programs that exclude each other once, the earlier one first (either
        side may name the other)."""
        pairs: list[tuple[Program, Program]] = []
        for later_index, later in enumerate(self.programs):
            for earlier in self.programs[:later_index]:
                if earlier.code in later.excludes or later.code in earlier.excludes:
                    pairs.append((earlier, later))
        return pairs

    def is_working_day(self, day: dt.date) -> bool:
        calendar = self.calendars.get(day.year)
        if calendar is not None and day in calendar.holidays:
            return False
        if day.weekday() < 5:
            return True
        return calendar is not None and day in calendar.working_weekends

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days from start up to, not including, end. A year the catalogue holds no
        calendar for counts Monday to Friday."""
        days = (end - start).days
        return sum(1 for n in range(max(days, 0)) if self.is_working_day(start + dt.timedelta(n)))

    def calendar_required(self, year: int) -> None:
        """Refuse a 公示 judged in a year the catalogue holds no calendar for."""
        if year not in self.calendars:
            held = "、".join(str(y) for y in sorted(self.calendars)) or "无"
            raise Refused(
                Code.CATALOGUE_CALENDAR,
                f"政策目录“{self.name}”没有 {year} 年的工作日历（现有：{held}），"
                f"无法计算公示的工作日：请载入含 {year} 年日历的政策目录",
                year=year,
            )


def shares_split(amount_fen: int, shares: dict[str, Decimal]) -> dict[str, int]:
    """An amount split by percent shares: central, provincial and city each rounded half up to
    the fen, the county taking the remainder (cli.md, funding shares)."""
    split: dict[str, int] = {}
    for key in FUNDING_KEYS[:-1]:
        exact = Decimal(amount_fen) * shares.get(key, Decimal(0)) / 100
        split[key] = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    split[FUNDING_KEYS[-1]] = amount_fen - sum(split.values())
    return split

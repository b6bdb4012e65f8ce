"""The policy catalogue: programs, who qualifies, amounts (a TOML file per policy version).

Loading validates every key and value and names the place of a mistake
(`zhanjiang-2019.toml: programs[3].amounts[1].amount: ...`). The catalogue in force for a
term is the one file of `catalogues/` whose `terms` list the term.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from zizhu.core.money import yuan_to_fen
from zizhu.hardship.constants import LEVELS as HARDSHIP_LEVELS
from zizhu.sources.lists import category_labels

CATALOGUE_DIR = Path(__file__).parent / "catalogues"
STAGES = ("PRESCHOOL", "PRIMARY", "JUNIOR", "SENIOR", "VOCATIONAL", "HIGHER")
LEVELS = tuple(str(level) for level in HARDSHIP_LEVELS)
PRIVATE_CAPS = ("county_public_max",)
FUNDING_KEYS = ("central", "provincial", "city", "county")


class CatalogueError(Exception):
    """A mistake in a catalogue file, or no catalogue for a term."""


@dataclass(frozen=True)
class Condition:
    stages: tuple[str, ...] = ()
    grades: tuple[int, ...] = ()
    boarding: bool | None = None
    rural_hukou: bool | None = None
    hukou_prefix: tuple[str, ...] = ()
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
    funding: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    name: str
    source: str  # file name and content hash: which policy text an entitlement came from
    terms: tuple[str, ...]
    programs: tuple[Program, ...]
    yearly_cap_fen: int | None
    holidays: frozenset[dt.date]
    working_weekends: frozenset[dt.date]
    publicity_working_days: int

    def program(self, code: str) -> Program:
        for program in self.programs:
            if program.code == code:
                return program
        raise CatalogueError(f"政策目录中没有资助项目：{code}")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.working_weekends

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days from start up to, not including, end."""
        days = (end - start).days
        return sum(1 for n in range(max(days, 0)) if self.is_working_day(start + dt.timedelta(n)))


def catalogue_for_term(term: str, directory: Path = CATALOGUE_DIR) -> Catalogue:
    found = [c for c in _all_catalogues(directory) if term in c.terms]
    if not found:
        raise CatalogueError(f"没有适用于学期 {term} 的政策目录（{directory}）")
    if len(found) > 1:
        names = "、".join(c.source for c in found)
        raise CatalogueError(f"学期 {term} 有多个政策目录：{names}")
    return found[0]


@lru_cache(maxsize=8)
def _all_catalogues(directory: Path) -> tuple[Catalogue, ...]:
    return tuple(load_catalogue(path) for path in sorted(directory.glob("*.toml")))


def load_catalogue(path: Path) -> Catalogue:
    data = path.read_bytes()
    where = path.name
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{where}: 不是有效的 TOML：{exc}") from exc
    top = _Table(doc, where)
    top.allow("name", "terms", "yearly_cap", "default_funding", "calendar", "programs")
    default_funding = _funding(top.table("default_funding"), {})
    calendar = top.table("calendar")
    calendar.allow("holidays", "working_weekends", "publicity_working_days")
    programs = tuple(
        _program(_Table(p, f"{where}: programs[{i}]"), default_funding)
        for i, p in enumerate(top.entries("programs", required=True))
    )
    catalogue = Catalogue(
        name=top.text("name", required=True),
        source=f"{path.name}@{hashlib.sha256(data).hexdigest()[:12]}",
        terms=tuple(top.strings("terms", required=True)),
        programs=programs,
        yearly_cap_fen=_money(top, "yearly_cap") if top.get("yearly_cap") else None,
        holidays=frozenset(_date(calendar, "holidays", d) for d in calendar.strings("holidays")),
        working_weekends=frozenset(
            _date(calendar, "working_weekends", d) for d in calendar.strings("working_weekends")
        ),
        publicity_working_days=calendar.integer("publicity_working_days", default=5),
    )
    _check_programs(catalogue, where)
    return catalogue


def _check_programs(catalogue: Catalogue, where: str) -> None:
    codes = [p.code for p in catalogue.programs]
    for i, program in enumerate(catalogue.programs):
        if program.code in codes[:i]:
            raise CatalogueError(f"{where}: programs[{i}].code: 资助项目代码重复：{program.code}")
        for other in program.excludes:
            if other not in codes:
                raise CatalogueError(f"{where}: programs[{i}].excludes: 没有资助项目 {other}")
        for j, rule in enumerate(program.amounts):
            for term in rule.terms:
                if term not in catalogue.terms:
                    raise CatalogueError(
                        f"{where}: programs[{i}].amounts[{j}].terms: {term} 不在本目录的学期中"
                    )


def _program(table: _Table, default_funding: dict[str, int]) -> Program:
    table.allow("code", "name", "who", "amounts", "excludes", "funding")
    amounts = tuple(
        _amount(_Table(a, f"{table.where}.amounts[{j}]"))
        for j, a in enumerate(table.entries("amounts", required=True))
    )
    if not amounts:
        raise CatalogueError(f"{table.where}.amounts: 至少要有一条金额规则")
    return Program(
        code=table.text("code", required=True),
        name=table.text("name", required=True),
        who=_condition(table.table("who")),
        amounts=amounts,
        excludes=tuple(table.strings("excludes")),
        funding=_funding(table.table("funding"), default_funding),
    )


def _condition(table: _Table) -> Condition:
    table.allow(
        "stages", "grades", "boarding", "rural_hukou", "hukou_prefix", "categories",
        "hardship", "agri_major", "any_of",
    )  # fmt: skip
    return Condition(
        stages=tuple(table.choices("stages", STAGES)),
        grades=tuple(table.integers("grades")),
        boarding=table.flag("boarding"),
        rural_hukou=table.flag("rural_hukou"),
        hukou_prefix=tuple(table.digits("hukou_prefix")),
        # The categories the department lists give (sources/lists.py), those added too.
        categories=tuple(table.choices("categories", tuple(category_labels()))),
        hardship=tuple(table.choices("hardship", LEVELS)),
        agri_major=table.flag("agri_major"),
        any_of=tuple(
            _condition(_Table(c, f"{table.where}.any_of[{k}]"))
            for k, c in enumerate(table.entries("any_of"))
        ),
    )


def _amount(table: _Table) -> AmountRule:
    table.allow(
        "label", "stages", "grades", "levels", "terms", "amount", "school_fee", "private_cap"
    )
    school_fee = bool(table.flag("school_fee"))
    has_amount = table.get("amount") is not None
    if school_fee == has_amount:
        raise CatalogueError(f"{table.where}: 金额规则须有 amount 或 school_fee = true，二者选一")
    cap = table.get("private_cap")
    if cap is not None and (cap not in PRIVATE_CAPS or not school_fee):
        raise CatalogueError(
            f"{table.where}.private_cap: 只能是 {'、'.join(PRIVATE_CAPS)}，且只用于 school_fee"
        )
    return AmountRule(
        label=table.text("label", required=True),
        stages=tuple(table.choices("stages", STAGES)),
        grades=tuple(table.integers("grades")),
        levels=tuple(table.choices("levels", LEVELS)),
        terms=tuple(table.strings("terms")),
        amount_fen=_money(table, "amount") if has_amount else None,
        school_fee=school_fee,
        private_cap=cap,
    )


def _funding(table: _Table, default: dict[str, int]) -> dict[str, int]:
    if not table.data:
        return dict(default)
    table.allow(*FUNDING_KEYS)
    shares = {key: table.integer(key, default=0) for key in FUNDING_KEYS}
    if sum(shares.values()) != 100:
        raise CatalogueError(
            f"{table.where}: 各级分担比例之和应为 100，现为 {sum(shares.values())}"
        )
    return shares


def _money(table: _Table, key: str) -> int:
    value = table.get(key)
    fen = yuan_to_fen(value) if isinstance(value, str) else None
    if fen is None:
        raise CatalogueError(
            f'{table.where}.{key}: 金额应写成带引号的元，至多两位小数（"187.50"），现为 {value!r}'
        )
    return fen


def _date(table: _Table, key: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CatalogueError(f"{table.where}.{key}: 不是有效日期：{text!r}") from exc


class _Table:
    """A TOML table with typed getters whose errors name the place in the file."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise CatalogueError(f"{where}: 应为一个表（table）")
        self.data: dict[str, Any] = data
        self.where = where

    def allow(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                raise CatalogueError(f"{self.where}.{key}: 未知的键（可用：{'、'.join(keys)}）")

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def table(self, key: str) -> _Table:
        return _Table(self.data.get(key, {}), f"{self.where}.{key}")

    def entries(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise CatalogueError(f"{self.where}.{key}: 应为列表")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str) or (required and not value):
            raise CatalogueError(f"{self.where}.{key}: 应为非空文字")
        return value

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        values = self.entries(key, required=required)
        if not all(isinstance(v, str) for v in values):
            raise CatalogueError(f"{self.where}.{key}: 应为文字列表")
        return values

    def choices(self, key: str, allowed: tuple[str, ...]) -> list[str]:
        values = self.strings(key)
        for value in values:
            if value not in allowed:
                raise CatalogueError(
                    f"{self.where}.{key}: 未知的值 {value!r}（可用：{'、'.join(allowed)}）"
                )
        return values

    def digits(self, key: str) -> list[str]:
        values = self.strings(key)
        if not all(v.isdigit() for v in values):
            raise CatalogueError(f"{self.where}.{key}: 应为数字代码")
        return values

    def integers(self, key: str) -> list[int]:
        values = self.entries(key)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise CatalogueError(f"{self.where}.{key}: 应为整数列表")
        return values

    def integer(self, key: str, *, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise CatalogueError(f"{self.where}.{key}: 应为整数")
        return value

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise CatalogueError(f"{self.where}.{key}: 应为 true 或 false")
        return value

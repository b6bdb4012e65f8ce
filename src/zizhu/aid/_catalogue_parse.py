"""Reading a catalogue file: every key and value checked, a mistake named where it is
(`city-2020.toml: programs[3].amounts[1].amount: ...`). docs/catalogue.md is the format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from decimal import Decimal
from functools import lru_cache

from zizhu.aid._catalogue_table import Table, bad, money
from zizhu.aid.catalogue import (
    FUNDING_KEYS,
    LEVELS,
    LOAN_LEVELS,
    PRIVATE_CAPS,
    STAGES,
    AmountRule,
    Catalogue,
    Condition,
    LoanCaps,
    Program,
    YearCalendar,
)
from zizhu.sources.lists import category_labels

MAX_BYTES = 1_000_000  # a catalogue is a few kilobytes; anything this large is not one
NAME_LIMIT = 60  # the name goes into each entitlement's 100-character `catalogue`
CODE_LIMIT = 20  # aid.models.Entitlement.program
LABEL_LIMIT = 150  # the label goes into each entitlement's 200-character `rule`
_TERM = re.compile(r"^[0-9]{4}-[12]$")
_PROGRAM_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SCHOOL_YEAR = re.compile(r"^([0-9]{4})-([0-9]{4})$")


def catalogue_parse(data: bytes, file_name: str) -> Catalogue:
    """The catalogue a file holds (not yet loaded: version None), or Refused naming the place
    of the first mistake."""
    if len(data) > MAX_BYTES:
        raise bad(file_name, f"文件超过 {MAX_BYTES // 1000} KB，不是政策目录")
    # The categories a catalogue may name are declared at run time (sources/lists.py): they
    # are part of what a parse depends on, and of the cache's key.
    return _parse(data, file_name, tuple(sorted(category_labels())))


@lru_cache(maxsize=32)
def _parse(data: bytes, where: str, categories: tuple[str, ...]) -> Catalogue:
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise bad(where, "文件应为 UTF-8 编码的文本") from exc
    except tomllib.TOMLDecodeError as exc:
        raise bad(where, f"不是有效的 TOML：{exc}") from exc
    top = Table(doc, f"{where}: ")  # its keys' places read "file: key"
    top.allow("name", "terms", "yearly_cap", "default_funding", "calendar", "loan_caps", "programs")
    default_funding = _funding(top.table("default_funding"), {})
    terms = _terms(top)
    programs = tuple(
        _program(Table(p, f"{where}: programs[{i}]"), default_funding, categories)
        for i, p in enumerate(top.entries("programs", required=True))
    )
    if not programs:
        raise bad(f"{where}: programs", "至少要有一个资助项目")
    calendars, publicity_days = _calendar(top.table("calendar"))
    name = top.text("name", required=True)
    if len(name) > NAME_LIMIT:
        raise bad(f"{where}: name", f"名称至多 {NAME_LIMIT} 个字")
    catalogue = Catalogue(
        name=name,
        file_name=where,
        sha256=hashlib.sha256(data).hexdigest(),
        terms=terms,
        programs=programs,
        yearly_cap_fen=money(top, "yearly_cap")
        if top.get("yearly_cap") not in (None, "")
        else None,
        default_funding=default_funding,
        calendars=calendars,
        publicity_working_days=publicity_days,
        loan_caps=_loan_caps(top),
    )
    _check_programs(catalogue, where)
    return catalogue


def _terms(top: Table) -> tuple[str, ...]:
    terms = top.strings("terms", required=True)
    if not terms:
        raise bad(f"{top.where}terms", "至少要列出一个学期")
    for k, term in enumerate(terms):
        if not _TERM.match(term):
            raise bad(
                f"{top.where}terms[{k}]",
                f"学期代码应如 2020-1（春季）或 2020-2（秋季），现为 {term!r}",
            )
        if term in terms[:k]:
            raise bad(f"{top.where}terms[{k}]", f"学期 {term} 重复")
    return tuple(terms)


def _check_programs(catalogue: Catalogue, where: str) -> None:
    codes = [p.code for p in catalogue.programs]
    for i, program in enumerate(catalogue.programs):
        if program.code in codes[:i]:
            raise bad(f"{where}: programs[{i}].code", f"资助项目代码重复：{program.code}")
        for other in program.excludes:
            if other not in codes:
                raise bad(f"{where}: programs[{i}].excludes", f"没有资助项目 {other}")
            if other == program.code:
                raise bad(f"{where}: programs[{i}].excludes", "项目不能与自己互斥")
        for j, rule in enumerate(program.amounts):
            for term in rule.terms:
                if term not in catalogue.terms:
                    raise bad(
                        f"{where}: programs[{i}].amounts[{j}].terms", f"{term} 不在本目录的学期中"
                    )


def _program(
    table: Table, default_funding: dict[str, Decimal], categories: tuple[str, ...]
) -> Program:
    table.allow("code", "name", "who", "amounts", "excludes", "funding")
    amounts = tuple(
        _amount(Table(a, f"{table.where}.amounts[{j}]"))
        for j, a in enumerate(table.entries("amounts", required=True))
    )
    if not amounts:
        raise bad(f"{table.where}.amounts", "至少要有一条金额规则")
    code = table.text("code", required=True)
    if not _PROGRAM_CODE.match(code) or len(code) > CODE_LIMIT:
        raise bad(
            f"{table.where}.code",
            f"项目代码应为大写英文字母、数字和下划线，至多 {CODE_LIMIT} 个字符，现为 {code!r}",
        )
    return Program(
        code=code,
        name=table.text("name", required=True),
        who=_condition(table.table("who"), categories),
        amounts=amounts,
        excludes=tuple(table.strings("excludes")),
        funding=_funding(table.table("funding"), default_funding),
    )


def _condition(table: Table, categories: tuple[str, ...]) -> Condition:
    table.allow(
        "stages", "grades", "boarding", "rural_hukou", "hukou_prefix", "local_hukou",
        "categories", "hardship", "agri_major", "any_of",
    )  # fmt: skip
    return Condition(
        stages=tuple(table.choices("stages", STAGES)),
        grades=tuple(table.grades("grades")),
        boarding=table.flag("boarding"),
        rural_hukou=table.flag("rural_hukou"),
        hukou_prefix=tuple(table.digits("hukou_prefix")),
        local_hukou=table.flag("local_hukou"),
        # The categories the department lists give (sources/lists.py), those added too.
        categories=tuple(table.choices("categories", categories)),
        hardship=tuple(table.choices("hardship", LEVELS)),
        agri_major=table.flag("agri_major"),
        any_of=tuple(
            _condition(Table(c, f"{table.where}.any_of[{k}]"), categories)
            for k, c in enumerate(table.entries("any_of"))
        ),
    )


def _amount(table: Table) -> AmountRule:
    table.allow(
        "label", "stages", "grades", "levels", "terms", "amount", "school_fee", "private_cap"
    )
    school_fee = bool(table.flag("school_fee"))
    has_amount = table.get("amount") is not None
    if school_fee == has_amount:
        raise bad(table.where, "金额规则须有 amount 或 school_fee = true，二者选一")
    cap = table.get("private_cap")
    if cap is not None and (cap not in PRIVATE_CAPS or not school_fee):
        raise bad(
            f"{table.where}.private_cap", f"只能是 {'、'.join(PRIVATE_CAPS)}，且只用于 school_fee"
        )
    label = table.text("label", required=True)
    if len(label) > LABEL_LIMIT:
        raise bad(f"{table.where}.label", f"说明至多 {LABEL_LIMIT} 个字")
    return AmountRule(
        label=label,
        stages=tuple(table.choices("stages", STAGES)),
        grades=tuple(table.grades("grades")),
        levels=tuple(table.choices("levels", LEVELS)),
        terms=tuple(table.strings("terms")),
        amount_fen=money(table, "amount") if has_amount else None,
        school_fee=school_fee,
        private_cap=cap,
    )


def _funding(table: Table, default: dict[str, Decimal]) -> dict[str, Decimal]:
    if not table.data:
        return dict(default)
    table.allow(*FUNDING_KEYS)
    shares = {key: table.percent(key) for key in FUNDING_KEYS}
    total = sum(shares.values(), Decimal(0))
    if total != 100:
        raise bad(table.where, f"各级分担比例之和应为 100，现为 {total.normalize():f}")
    return shares


def _calendar(table: Table) -> tuple[dict[int, YearCalendar], int]:
    """`[calendar]`: publicity_working_days, and one `[calendar.YYYY]` table per year."""
    days = table.integer("publicity_working_days", default=5)
    if not 1 <= days <= 30:
        raise bad(f"{table.where}.publicity_working_days", "公示工作日数应在 1 到 30 之间")
    calendars: dict[int, YearCalendar] = {}
    for key in table.data:
        if key == "publicity_working_days":
            continue
        if not re.fullmatch(r"[0-9]{4}", key):
            raise bad(
                f"{table.where}.{key}",
                "未知的键（可用：publicity_working_days，或年份如 2019 的日历表）",
            )
        year = Table(table.data[key], f"{table.where}.{key}")
        year.allow("holidays", "working_weekends")
        holidays = _dates(year, "holidays", int(key))
        weekends = _dates(year, "working_weekends", int(key))
        for day in sorted(weekends):
            if day.weekday() < 5:
                raise bad(f"{year.where}.working_weekends", f"{day} 不是周六或周日")
            if day in holidays:
                raise bad(f"{year.where}.working_weekends", f"{day} 同时列在 holidays 中")
        calendars[int(key)] = YearCalendar(int(key), frozenset(holidays), frozenset(weekends))
    return calendars, days


def _dates(table: Table, key: str, year: int) -> set[dt.date]:
    found: set[dt.date] = set()
    for text in table.strings(key):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise bad(f"{table.where}.{key}", f"不是有效日期：{text!r}") from exc
        if day.year != year:
            raise bad(f"{table.where}.{key}", f"{text} 不在 {year} 年")
        found.add(day)
    return found


def _loan_caps(top: Table) -> tuple[LoanCaps, ...]:
    """`[[loan_caps]]`: from_school_year = "2014-2015" and one amount per level."""
    caps: list[LoanCaps] = []
    for k, entry in enumerate(top.entries("loan_caps")):
        table = Table(entry, f"{top.where}loan_caps[{k}]")
        table.allow("from_school_year", *LOAN_LEVELS)
        text = table.text("from_school_year", required=True)
        found = _SCHOOL_YEAR.match(text)
        if found is None or int(found.group(2)) != int(found.group(1)) + 1:
            raise bad(f"{table.where}.from_school_year", f"学年应如 2019-2020，现为 {text!r}")
        from_year = int(found.group(1))
        if caps and from_year <= caps[-1].from_year:
            raise bad(f"{table.where}.from_school_year", "各条应按学年从早到晚排列，不能重复")
        fen = {}
        for level in LOAN_LEVELS:
            if table.get(level) is None:
                raise bad(f"{table.where}.{level}", "缺少该学历层次的贷款上限")
            fen[level] = money(table, level)
        caps.append(LoanCaps(from_year, fen))
    return tuple(caps)

"""The department lists, each declared once: who sends it, its layout and row rules, which of
its versions and records are in force for a term, and the categories it gives a student.

Everything else follows from the declaration: the import kind (sources/kinds.py), the
department a DEPARTMENT user belongs to, the vocabulary of list kinds and categories, the
categories a policy catalogue may name, and the SQL that finds the records in force
(`records_in_force`, which the hardship area reads). docs/adding-a-list.md shows how a new
list is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl
from django.db import models

from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.sources.constants import CivilCategory, DisabilityGrade, PovertyStatus


class InForce(StrEnum):
    """Which version of a county's list, and which of its records, hold for a term."""

    NEWEST = "NEWEST"  # the newest version; all its records
    BY_YEAR = "BY_YEAR"  # the greatest 年度 up to the term's year, then its newest version
    DATED = "DATED"  # the newest version; records whose dates cover the reference date


@dataclass(frozen=True)
class DepartmentList:
    kind: str  # the code stored with each version (SourceList.kind)
    department: str  # who sends it, as users know them: 扶贫办（建档立卡）
    layout: Layout  # its import kind code, sheet name and columns
    category_header: str  # the column each record's category value is read from
    record_values: dict[str, str]  # that column's labels in a file -> the codes stored
    duplicate_keys: tuple[str, ...]  # the same record twice in one file
    duplicate_what: str  # "与本文件前面的行重复（同一…）"
    # Rules of this list alone, given today's date; typed columns (year, dates) come first.
    own_columns: Callable[[], list[pl.Expr]]
    own_reasons: Callable[[dt.date], list[pl.Expr]]
    in_force: InForce
    categories: dict[str, str]  # the categories it gives a student: code -> label
    # True: a record's own value is its category (民政); False: every record counting gives
    # the list's one category (建档立卡, 残疾).
    category_from_record: bool = False
    counting: tuple[str, ...] = ()  # the record values that count (empty: all)

    @property
    def name(self) -> str:
        return self.layout.sheet


def _labels_to_codes(choices: type[models.TextChoices]) -> dict[str, str]:
    """The Chinese label a file carries -> the code stored."""
    return {str(label): str(value) for value, label in choices.choices}


def _none() -> list[pl.Expr]:
    return []


FIRST_YEAR = 2000  # no 年度 of a poverty list comes before this


def _jdlk_columns() -> list[pl.Expr]:
    return [pl.col("year_text").cast(pl.Int32, strict=False).alias("year")]


def _jdlk_reasons(today: dt.date) -> list[pl.Expr]:
    return [
        v.required_reason("year_text", "年度"),
        v.when_bad(
            pl.col("year_text").is_not_null() & ~pl.col("year_text").str.contains(r"^[0-9]{4}$"),
            "年度应为4位年份（如 2019）",
        ),
        v.when_bad(
            (pl.col("year") < FIRST_YEAR) | (pl.col("year") > today.year),
            f"年度应在 {FIRST_YEAR} 年到今年之间",
        ),
        v.id_number_reason("head_id_number", today=today, header="户主身份证号", required=False),
    ]


def _civil_columns() -> list[pl.Expr]:
    return [
        v.date_value("start_text").alias("start_date"),
        v.date_value("end_text").alias("end_date"),
    ]


def _civil_reasons(today: dt.date) -> list[pl.Expr]:
    return [
        v.required_reason("start_text", "起始日期"),
        v.date_reason("start_text", "起始日期"),
        v.date_reason("end_text", "终止日期"),
        v.when_bad(pl.col("end_date") < pl.col("start_date"), "终止日期早于起始日期"),
    ]


def _disability_reasons(today: dt.date) -> list[pl.Expr]:
    cert = pl.col("certificate_no")
    return [
        v.when_bad(
            cert.is_not_null() & ~cert.str.contains(r"^[0-9]{17}[0-9X][0-9]{2}$"),
            "残疾证号格式错误：应为20位，即身份证件号加2位残疾类别和等级数字",
        ),
        v.when_bad(
            cert.is_not_null() & (cert.str.slice(0, 18) != pl.col("id_number")),
            "残疾证号的前18位与身份证件号不一致",
        ),
    ]


JDLK = DepartmentList(
    kind="JDLK",
    department="扶贫办（建档立卡）",
    layout=Layout(
        kind="jdlk",
        sheet="建档立卡贫困人口",
        columns=(
            Column("年度", "year_text", required=True),
            Column("区县代码", "county", required=True),
            Column("户编号", "household_no"),
            Column("户主姓名", "head_name"),
            Column("户主身份证号", "head_id_number"),
            Column("姓名", "name", required=True),
            Column("身份证件号", "id_number", required=True),
            Column("与户主关系", "relation"),
            Column("脱贫状态", "category", required=True),
        ),
    ),
    category_header="脱贫状态",
    record_values=_labels_to_codes(PovertyStatus),
    duplicate_keys=("county", "year", "id_number"),
    duplicate_what="人、区县和年度",
    own_columns=_jdlk_columns,
    own_reasons=_jdlk_reasons,
    in_force=InForce.BY_YEAR,
    categories={"JDLK": "建档立卡"},
    counting=(PovertyStatus.NOT_LIFTED, PovertyStatus.LIFTED_WITH_POLICY),
)
CIVIL = DepartmentList(
    kind="CIVIL",
    department="民政局（救助对象）",
    layout=Layout(
        kind="civil",
        sheet="民政救助对象",
        columns=(
            Column("姓名", "name", required=True),
            Column("身份证件号", "id_number", required=True),
            Column("救助类别", "category", required=True),
            Column("起始日期", "start_text", required=True),
            Column("终止日期", "end_text"),
            Column("区县代码", "county", required=True),
        ),
    ),
    category_header="救助类别",
    record_values=_labels_to_codes(CivilCategory),
    # One person may hold several categories or periods; the spec's key is file-wide.
    duplicate_keys=("id_number", "category", "start_date"),
    duplicate_what="人、救助类别和起始日期",
    own_columns=_civil_columns,
    own_reasons=_civil_reasons,
    in_force=InForce.DATED,
    categories={str(value): str(label) for value, label in CivilCategory.choices},
    category_from_record=True,
)
DISABILITY = DepartmentList(
    kind="DISABILITY",
    department="残联（残疾人）",
    layout=Layout(
        kind="disability",
        sheet="残疾人",
        columns=(
            Column("姓名", "name", required=True),
            Column("身份证件号", "id_number", required=True),
            Column("残疾证号", "certificate_no"),
            Column("残疾类别", "disability_type"),
            Column("残疾等级", "category", required=True),
            Column("区县代码", "county", required=True),
        ),
    ),
    category_header="残疾等级",
    record_values=_labels_to_codes(DisabilityGrade),
    duplicate_keys=("county", "id_number"),
    duplicate_what="人和区县",
    own_columns=_none,
    own_reasons=_disability_reasons,
    in_force=InForce.NEWEST,
    categories={"DISABILITY": "残疾"},
)
SHIPPED = (JDLK, CIVIL, DISABILITY)

# The vocabularies the declarations make: list kinds, and the categories students hold.
ListKind = models.TextChoices(  # type: ignore[call-overload]
    "ListKind", [(d.kind, (d.kind, d.name)) for d in SHIPPED]
)
Category = models.TextChoices(  # type: ignore[call-overload]
    "Category", [(code, (code, label)) for d in SHIPPED for code, label in d.categories.items()]
)

_added: list[DepartmentList] = []


def department_lists() -> tuple[DepartmentList, ...]:
    """Every department list: the shipped ones and any added at run time (a test's)."""
    return (*SHIPPED, *_added)


def department_list(kind: str) -> DepartmentList | None:
    return next((d for d in department_lists() if d.kind == kind), None)


def department_list_add(declared: DepartmentList) -> None:
    """Add a list at run time, with its import kind (tests declare one so)."""
    from zizhu.intake.kinds import import_kind_register
    from zizhu.sources.kinds import department_list_kind

    _added.append(declared)
    import_kind_register(department_list_kind(declared))


def department_list_remove(kind: str) -> None:
    from zizhu.intake.kinds import import_kind_unregister

    found = department_list(kind)
    _added[:] = [d for d in _added if d.kind != kind]
    if found is not None:
        import_kind_unregister(found.layout.kind)


def category_labels() -> dict[str, str]:
    """Every category a student can hold, code -> Chinese label."""
    return {code: label for d in department_lists() for code, label in d.categories.items()}


def records_in_force(*, year: int, reference_date: dt.date | str) -> tuple[str, list[object]]:
    """A SELECT of the list records in force for a term (its year and reference date), with
    the category each gives: (record_id, id_number, name, category). What the hardship area
    reads of the department lists, published here so that no other area writes it again."""
    parts, params = [], []
    for declared in department_lists():
        lists = _versions_in_force(declared)
        category = "r.category" if declared.category_from_record else "%s"
        where = ["1 = 1"]
        select_params: list[object] = (
            [] if declared.category_from_record else [next(iter(declared.categories))]
        )
        if declared.counting:
            where.append(f"r.category IN ({', '.join(['%s'] * len(declared.counting))})")
        if declared.in_force == InForce.DATED:
            where.append("r.start_date <= %s AND (r.end_date IS NULL OR r.end_date >= %s)")
        parts.append(
            f"SELECT r.id AS record_id, r.id_number, r.name, {category} AS category"
            f" FROM sources_sourcerecord r JOIN ({lists}) l ON l.id = r.source_list_id"
            f" WHERE {' AND '.join(where)}"
        )
        params += [
            *select_params,
            *([declared.kind, year] if declared.in_force == InForce.BY_YEAR else [declared.kind]),
            *[str(c) for c in declared.counting],
            *([str(reference_date)] * 2 if declared.in_force == InForce.DATED else []),
        ]
    return " UNION ALL ".join(parts), params


def _versions_in_force(declared: DepartmentList) -> str:
    """The SELECT of the list versions in force (id, kind): per county, the newest; for a list
    by 年度, the newest of the greatest 年度 up to the term's year."""
    if declared.in_force == InForce.BY_YEAR:
        return """
            SELECT l.id, l.kind FROM sources_sourcelist l
            WHERE l.kind = %s
              AND l.year = (SELECT MAX(x.year) FROM sources_sourcelist x
                            WHERE x.kind = l.kind AND x.county_id = l.county_id AND x.year <= %s)
              AND l.version = (SELECT MAX(x.version) FROM sources_sourcelist x
                               WHERE x.kind = l.kind AND x.county_id = l.county_id
                                 AND x.year = l.year)
        """
    return """
        SELECT l.id, l.kind FROM sources_sourcelist l
        WHERE l.kind = %s
          AND l.version = (SELECT MAX(x.version) FROM sources_sourcelist x
                           WHERE x.kind = l.kind AND x.county_id = l.county_id)
    """

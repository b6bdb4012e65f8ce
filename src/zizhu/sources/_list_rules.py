"""The three department lists' layouts and value rules (spec/formats.md), as polars expressions.

Each layout names its category column (脱贫状态, 救助类别, 残疾等级) `category`, so that every
list's valid rows project onto the same record shape (RECORD_COLUMNS), stored by _list_versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.sources.constants import CivilCategory, DisabilityGrade, ListKind, PovertyStatus

# (column, portable SQL type) of one stored record; text columns hold "" rather than NULL,
# as the model's defaults do, so that records compare with plain equality.
RECORD_COLUMNS = [
    ("row_no", "INTEGER"),
    ("county", "VARCHAR(6)"),
    ("year", "INTEGER"),
    ("id_number", "VARCHAR(18)"),
    ("name", "VARCHAR(50)"),
    ("category", "VARCHAR(20)"),
    ("start_date", "DATE"),
    ("end_date", "DATE"),
    ("household_no", "VARCHAR(50)"),
    ("head_name", "VARCHAR(50)"),
    ("head_id_number", "VARCHAR(18)"),
    ("relation", "VARCHAR(20)"),
    ("certificate_no", "VARCHAR(20)"),
    ("disability_type", "VARCHAR(20)"),
]
_OPTIONAL_TEXT = {
    "household_no": ("户编号", 50),
    "head_name": ("户主姓名", 50),
    "relation": ("与户主关系", 20),
    "disability_type": ("残疾类别", 20),
}
FIRST_YEAR = 2000  # no 年度 of a poverty list comes before this


def _codes(choices: type[PovertyStatus | CivilCategory | DisabilityGrade]) -> dict[str, str]:
    """The Chinese label a file carries -> the code stored."""
    return {str(label): str(value) for value, label in choices.choices}


@dataclass(frozen=True)
class ListRules:
    kind: str  # a ListKind value
    layout: Layout
    category_header: str
    categories: dict[str, str]  # label -> code
    duplicate_keys: list[str]  # the same record twice in one file
    duplicate_what: str  # "与本文件前面的行重复（同一…）"
    # Rules of this list alone, given today's date; typed columns (year, dates) come first.
    own_columns: Callable[[], list[pl.Expr]]
    own_reasons: Callable[[dt.date], list[pl.Expr]]


def _jdlk_columns() -> list[pl.Expr]:
    year = pl.col("year_text")
    return [year.cast(pl.Int32, strict=False).alias("year")]


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


def _no_columns() -> list[pl.Expr]:
    return []


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


JDLK = ListRules(
    kind=ListKind.JDLK.value,
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
    categories=_codes(PovertyStatus),
    duplicate_keys=["county", "year", "id_number"],
    duplicate_what="人、区县和年度",
    own_columns=_jdlk_columns,
    own_reasons=_jdlk_reasons,
)
CIVIL = ListRules(
    kind=ListKind.CIVIL.value,
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
    categories=_codes(CivilCategory),
    # One person may hold several categories or periods; the spec's key is file-wide.
    duplicate_keys=["id_number", "category", "start_date"],
    duplicate_what="人、救助类别和起始日期",
    own_columns=_civil_columns,
    own_reasons=_civil_reasons,
)
DISABILITY = ListRules(
    kind=ListKind.DISABILITY.value,
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
    categories=_codes(DisabilityGrade),
    duplicate_keys=["county", "id_number"],
    duplicate_what="人和区县",
    own_columns=_no_columns,
    own_reasons=_disability_reasons,
)


def check_list(
    frame: pl.DataFrame, rules: ListRules, *, counties: set[str], today: dt.date
) -> pl.DataFrame:
    """The rows with the first broken rule's reason in REASON and the typed record columns."""
    ids = [c for c in ("id_number", "head_id_number") if c in frame.columns]
    frame = frame.with_columns(*[v.id_number_text(c).alias(c) for c in ids])
    if "certificate_no" in frame.columns:  # the ID's X sits inside it, not at its end
        frame = frame.with_columns(pl.col("certificate_no").str.to_uppercase())
    frame = frame.with_columns(*rules.own_columns())
    county = pl.col("county")
    text_lengths = [
        v.length_reason(col, header, limit)
        for col, (header, limit) in _OPTIONAL_TEXT.items()
        if col in frame.columns
    ]
    checked = frame.with_columns(
        v.first_reason(
            v.required_reason("name", "姓名"),
            v.required_reason("county", "区县代码"),
            v.required_reason("category", rules.category_header),
            v.id_number_reason("id_number", today=today),
            v.region_code_reason("county", "区县代码"),
            v.when_bad(
                county.is_not_null() & ~county.is_in(list(counties)),
                "区县代码不是本系统管辖的区县",
            ),
            v.choice_reason("category", rules.category_header, list(rules.categories)),
            v.length_reason("name", "姓名", 50),
            *text_lengths,
            *rules.own_reasons(today),
        ).alias(REASON)
    )
    return v.mark_later_duplicates(
        checked, rules.duplicate_keys, reason=REASON, what=rules.duplicate_what
    )


def list_records(good: pl.DataFrame, rules: ListRules) -> pl.DataFrame:
    """Valid rows in the stored record shape: category codes, "" for empty text, typed dates."""

    def text(col: str) -> pl.Expr:
        return pl.col(col).fill_null("") if col in good.columns else pl.lit("")

    def typed(col: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(col) if col in good.columns else pl.lit(None, dtype=dtype)

    return good.select(
        pl.col(ROW).alias("row_no"),
        "county",
        typed("year", pl.Int32()).alias("year"),
        "id_number",
        "name",
        pl.col("category").replace_strict(rules.categories, return_dtype=pl.String),
        typed("start_date", pl.Date()).alias("start_date"),
        typed("end_date", pl.Date()).alias("end_date"),
        *[
            text(col).alias(col)
            for col in (
                "household_no",
                "head_name",
                "head_id_number",
                "relation",
                "certificate_no",
                "disability_type",
            )
        ],
    )

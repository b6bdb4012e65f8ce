"""The rules every department list shares (spec/formats.md), as polars expressions; each
list's own rules are in its declaration (sources/lists.py).

Each layout names its category column (脱贫状态, 救助类别, 残疾等级) `category`, so that every
list's valid rows project onto the same record shape (RECORD_COLUMNS), stored by _list_versions.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.intake import values as v
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.sources.lists import DepartmentList

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


def check_list(
    frame: pl.DataFrame, rules: DepartmentList, *, counties: set[str], today: dt.date
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
            v.choice_reason("category", rules.category_header, list(rules.record_values)),
            v.length_reason("name", "姓名", 50),
            *text_lengths,
            *rules.own_reasons(today),
        ).alias(REASON)
    )
    return v.mark_later_duplicates(
        checked, list(rules.duplicate_keys), reason=REASON, what=rules.duplicate_what
    )


def list_records(good: pl.DataFrame, rules: DepartmentList) -> pl.DataFrame:
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
        pl.col("category").replace_strict(rules.record_values, return_dtype=pl.String),
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

"""学校名册 import: schools, their stages and their fee history (spec/formats.md)."""

from __future__ import annotations

import polars as pl

from zizhu.core import bulk
from zizhu.intake import values as v
from zizhu.intake.kinds import ImportContext, Plan
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.registry.constants import Locale, Ownership, Stage
from zizhu.registry.models import Term
from zizhu.registry.selectors import county_codes_required

LAYOUT = Layout(
    kind="schools",
    sheet="学校名册",
    columns=(
        Column("学校标识码", "code", required=True),
        Column("学校名称", "name", required=True),
        Column("区县代码", "county", required=True),
        Column("学段", "stages", required=True),
        Column("办学性质", "ownership", required=True),
        Column("城乡分类", "locale"),
        Column("学费标准", "fee"),
        Column("学费起始学期", "fee_from"),
    ),
)
OWNERSHIP = {str(label): str(code) for code, label in Ownership.choices}  # 公办 -> PUBLIC
LOCALE = {str(label): str(code) for code, label in Locale.choices}  # 城区 -> URBAN
STAGE_ORDER = [str(code) for code in Stage.values]


def _stage_list(col: str) -> pl.Expr:
    """'小学;初中' or '小学、初中' -> the stage codes, in canonical order, joined by ';'."""
    parts = pl.col(col).str.replace_all("[；、]", ";").str.split(";")
    return parts.list.eval(
        pl.element().str.strip_chars().replace_strict(v.STAGES, default="?", return_dtype=pl.String)
    )


def _canonical_stages(col: str) -> pl.Expr:
    """The stage codes of a list column as one string in the catalogue's order."""
    present = [
        pl.when(pl.col(col).list.contains(code)).then(pl.lit(code, dtype=pl.String)).alias(code)
        for code in STAGE_ORDER
    ]
    return pl.concat_str(present, separator=";", ignore_nulls=True)


def check_schools(frame: pl.DataFrame, *, counties: set[str], terms: set[str]) -> pl.DataFrame:
    stage_codes = _stage_list("stages")
    frame = frame.with_columns(
        stage_codes.alias("stage_codes"),
        v.money_fen("fee").alias("fee_fen"),
        v.term_code("fee_from").alias("fee_from_term"),
    )
    has_bad_stage = pl.col("stage_codes").list.contains("?")
    only_higher = pl.col("stage_codes").list.eval(pl.element() == "HIGHER").list.all()
    checked = frame.with_columns(
        v.first_reason(
            v.required_reason("code", "学校标识码"),
            v.required_reason("name", "学校名称"),
            v.required_reason("county", "区县代码"),
            v.required_reason("stages", "学段"),
            v.required_reason("ownership", "办学性质"),
            v.length_reason("name", "学校名称", 100),
            v.when_bad(~pl.col("code").str.contains(r"^[0-9]{10}$"), "学校标识码应为10位数字"),
            v.region_code_reason("county", "区县代码"),
            v.when_bad(
                has_bad_stage, "学段应为：学前、小学、初中、普通高中、中职（技工学校）、高校"
            ),
            v.when_bad(
                ~only_higher & ~pl.col("county").is_in(list(counties)),
                "区县代码不是本系统管辖的区县（高校除外）",
            ),
            v.choice_reason("ownership", "办学性质", list(OWNERSHIP)),
            v.choice_reason("locale", "城乡分类", list(LOCALE)),
            v.money_reason("fee", "学费标准"),
            v.when_bad(
                pl.col("fee").is_not_null() & ~pl.col("stage_codes").list.contains("SENIOR"),
                "学费标准只适用于设有普通高中的学校",
            ),
            v.when_bad(
                pl.col("fee_from").is_not_null() & pl.col("fee_from_term").is_null(),
                "学费起始学期格式错误（如 2019年秋季学期 或 2019-2）",
            ),
            v.when_bad(
                pl.col("fee_from_term").is_not_null() & ~pl.col("fee_from_term").is_in(list(terms)),
                "学费起始学期不是已知学期",
            ),
            v.when_bad(
                pl.col("fee_from").is_not_null() & pl.col("fee").is_null(),
                "填写了学费起始学期但没有学费标准",
            ),
        ).alias(REASON)
    )
    return v.mark_later_duplicates(checked, ["code"], reason=REASON, what="学校")


_STAGING = [
    ("row_no", "INTEGER"),
    ("code", "VARCHAR(10)"),
    ("name", "VARCHAR(100)"),
    ("county_code", "VARCHAR(6)"),
    ("stages", "VARCHAR(100)"),
    ("ownership", "VARCHAR(10)"),
    ("locale", "VARCHAR(10)"),
    ("fee_fen", "BIGINT"),
    ("fee_from", "VARCHAR(7)"),
    ("changed", "INTEGER"),
]


def _stage(good: pl.DataFrame) -> int:
    """Stage the valid rows; return how many change something (the rest are unchanged)."""
    rows = good.select(
        pl.col(ROW),
        "code",
        "name",
        pl.col("county"),
        _canonical_stages("stage_codes").alias("stages"),
        pl.col("ownership").replace_strict(OWNERSHIP),
        pl.col("locale").replace_strict(LOCALE, default=None).fill_null(""),
        "fee_fen",
        "fee_from_term",
        pl.lit(0).alias("changed"),
    )
    bulk.staging_create("stage_school", _STAGING)
    bulk.rows_load("stage_school", [c for c, _ in _STAGING], rows.iter_rows())
    # A row changes something when the school differs, or when its fee is not already stored
    # exactly so (one fee for every term, or this fee from this term).
    bulk.execute(
        """
        UPDATE stage_school SET changed = 1
        WHERE NOT EXISTS (
            SELECT 1 FROM registry_school s
            WHERE s.code = stage_school.code AND s.name = stage_school.name
              AND s.county_code = stage_school.county_code AND s.stages = stage_school.stages
              AND s.ownership = stage_school.ownership AND s.locale = stage_school.locale)
        OR (fee_fen IS NOT NULL AND fee_from IS NULL AND NOT (
              (SELECT COUNT(*) FROM registry_schoolfee f WHERE f.school_id = stage_school.code) = 1
              AND EXISTS (SELECT 1 FROM registry_schoolfee f WHERE f.school_id = stage_school.code
                          AND f.from_term_id IS NULL AND f.fee_fen = stage_school.fee_fen)))
        OR (fee_fen IS NOT NULL AND fee_from IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM registry_schoolfee f WHERE f.school_id = stage_school.code
              AND f.from_term_id = stage_school.fee_from AND f.fee_fen = stage_school.fee_fen))
        """
    )
    return int(bulk.fetch_all("SELECT COUNT(*) FROM stage_school WHERE changed = 1")[0][0])


def _write() -> None:
    bulk.execute(
        """
        INSERT INTO registry_school (code, name, county_code, stages, ownership, locale)
        SELECT code, name, county_code, stages, ownership, locale FROM stage_school
        WHERE changed = 1
        ON CONFLICT (code) DO UPDATE SET name = excluded.name,
            county_code = excluded.county_code, stages = excluded.stages,
            ownership = excluded.ownership, locale = excluded.locale
        """
    )
    # One fee for every term replaces the school's whole fee history.
    bulk.execute(
        """
        DELETE FROM registry_schoolfee WHERE school_id IN (
            SELECT code FROM stage_school
            WHERE changed = 1 AND fee_fen IS NOT NULL AND fee_from IS NULL)
        """
    )
    bulk.execute(
        """
        INSERT INTO registry_schoolfee (school_id, from_term_id, fee_fen)
        SELECT code, NULL, fee_fen FROM stage_school
        WHERE changed = 1 AND fee_fen IS NOT NULL AND fee_from IS NULL
        """
    )
    bulk.execute(
        """
        INSERT INTO registry_schoolfee (school_id, from_term_id, fee_fen)
        SELECT code, fee_from, fee_fen FROM stage_school
        WHERE changed = 1 AND fee_fen IS NOT NULL AND fee_from IS NOT NULL
        ON CONFLICT (school_id, from_term_id) DO UPDATE SET fee_fen = excluded.fee_fen
        """
    )
    bulk.execute("DROP TABLE stage_school")


def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    counties = county_codes_required()  # refused, naming what to load, while there are none
    terms = set(Term.objects.values_list("code", flat=True))
    return check_schools(frame, counties=counties, terms=terms)


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """A school row changes the school, of the county it names (only the city loads schools:
    a county's schools are the city's to register)."""
    return checked.select(pl.col(ROW), "county", pl.col("code").alias("school"))


def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
    good = valid.collect()
    accepted = _stage(good) if good.height else 0
    return Plan(
        accepted=accepted,
        unchanged=good.height - accepted,
        write=lambda event: _write() if good.height else None,
    )

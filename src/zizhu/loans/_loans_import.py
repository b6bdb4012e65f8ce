"""生源地信用助学贷款 import: contracts added or updated by 合同编号 (spec/formats.md)."""

from __future__ import annotations

import polars as pl

from zizhu.core import bulk
from zizhu.intake.kinds import ImportContext, Plan, Recorded
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.loans._loans_check import check_loans
from zizhu.loans.caps import loan_caps
from zizhu.loans.selectors import contract_counties
from zizhu.registry.selectors import county_codes_required

_STAGING = [
    ("row_no", "INTEGER"),
    ("contract_no", "VARCHAR(50)"),
    ("school_year", "VARCHAR(9)"),
    ("start_year", "INTEGER"),
    ("name", "VARCHAR(50)"),
    ("id_number", "VARCHAR(18)"),
    ("hukou_code", "VARCHAR(6)"),
    ("university", "VARCHAR(100)"),
    ("level", "VARCHAR(10)"),
    ("amount_fen", "BIGINT"),
    ("disbursed_on", "DATE"),
    ("conflict", "VARCHAR(50)"),  # the other contract that holds this student and school year
    ("changed", "INTEGER"),
]
_STORED = [c for c, _ in _STAGING if c not in {"row_no", "conflict", "changed"}]

# A row is refused when its student and school year belong to another contract that stays
# there after this import: one not in the file, or one whose own row is refused. Refusing a row
# can free nothing but can hold a key in place, so this is repeated until nothing changes.
_MARK_CONFLICTS = """
    UPDATE stage_loan SET conflict = (
        SELECT l.contract_no FROM loans_loan l
        WHERE l.id_number = stage_loan.id_number AND l.school_year = stage_loan.school_year)
    WHERE conflict IS NULL AND EXISTS (
        SELECT 1 FROM loans_loan l
        WHERE l.id_number = stage_loan.id_number AND l.school_year = stage_loan.school_year
          AND l.contract_no <> stage_loan.contract_no
          AND NOT EXISTS (SELECT 1 FROM stage_loan s
                          WHERE s.contract_no = l.contract_no AND s.conflict IS NULL))
"""
# Stored exactly so: found through the unique contract_no with "=", so that the index serves
# it; only disbursed_on may be NULL and needs the null-safe comparison.
_SAME = " AND ".join(
    f"l.{c} IS NOT DISTINCT FROM stage_loan.{c}"
    if c == "disbursed_on"
    else f"l.{c} = stage_loan.{c}"
    for c in _STORED
)


def _stage(good: pl.DataFrame) -> None:
    rows = good.select(
        pl.col(ROW),
        "contract_no",
        "school_year",
        "start_year",
        "name",
        "id_number",
        pl.col("hukou"),
        "university",
        pl.col("level_code"),
        "amount_fen",
        pl.col("disbursed_on").dt.to_string("%Y-%m-%d"),
        pl.lit(None, dtype=pl.String).alias("conflict"),
        pl.lit(0).alias("changed"),
    )
    bulk.staging_create("stage_loan", _STAGING)
    bulk.rows_load("stage_loan", [c for c, _ in _STAGING], rows.iter_rows())
    bulk.execute("CREATE INDEX stage_loan_contract ON stage_loan (contract_no)")
    # loans_loan may have just grown by a whole file: with stale statistics PostgreSQL scans
    # instead of using the unique contract_no index, and a re-import of 20,000 rows takes
    # minutes, not a second.
    bulk.analyze("stage_loan", "loans_loan")
    while bulk.execute(_MARK_CONFLICTS):
        pass
    bulk.execute(
        "UPDATE stage_loan SET changed = 1 WHERE conflict IS NULL AND NOT EXISTS ("
        f"SELECT 1 FROM loans_loan l WHERE {_SAME})"
    )


def _conflicts() -> pl.DataFrame:
    """The rows refused for another contract in the database (ROW, REASON)."""
    found = pl.DataFrame(
        bulk.fetch_all("SELECT row_no, conflict FROM stage_loan WHERE conflict IS NOT NULL"),
        schema={ROW: pl.Int64, "conflict": pl.String},
        orient="row",
    )
    message = pl.format("该学生该学年已有另一份贷款合同（合同编号 {}）", pl.col("conflict"))
    return found.select(ROW, message.alias(REASON))


def _store(event_id: int) -> None:
    """Write the changed rows; stage_loan holds no two rows for one key or one contract."""
    # A contract moving to another student or school year is first parked on a key no real
    # row can have, so that the upsert never meets a key still held by a contract about to move.
    bulk.execute(
        """
        UPDATE loans_loan SET id_number = '~' || CAST(id AS VARCHAR(17))
        WHERE contract_no IN (
            SELECT s.contract_no FROM stage_loan s
            JOIN loans_loan l ON l.contract_no = s.contract_no
            WHERE s.changed = 1 AND (s.id_number <> l.id_number OR s.school_year <> l.school_year))
        """
    )
    columns = ", ".join(_STORED)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _STORED if c != "contract_no")
    bulk.execute(
        f"""
        INSERT INTO loans_loan ({columns}, event_id)
        SELECT {columns}, %s FROM stage_loan WHERE changed = 1
        ON CONFLICT (contract_no) DO UPDATE SET {updates}, event_id = excluded.event_id
        """,
        [event_id],
    )


def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """The rows checked against the counties and the loan caps loaded (refused, naming what
    to load, while there are none)."""
    counties, caps = county_codes_required(), loan_caps()
    return check_loans(frame, counties=counties, caps=caps, today=context.today)


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """A loan row changes a contract of its 户籍 county; a row naming a known 合同编号 changes
    that contract too, so the contract's own county counts as well (read now)."""
    contracts = checked["contract_no"].drop_nulls().unique().to_list()
    stored = pl.DataFrame(
        contract_counties(contract_nos=contracts),
        schema={"contract_no": pl.String, "stored_county": pl.String},
        orient="row",
    )
    rows = checked.select(ROW, "contract_no", pl.col("hukou").alias("county"))
    known = rows.join(stored, on="contract_no", how="inner").select(
        ROW, pl.col("stored_county").alias("county")
    )
    return pl.concat([rows.select(ROW, "county"), known]).with_columns(
        pl.lit(None, dtype=pl.String).alias("school")
    )


def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
    good = valid.collect()
    accepted, rejected = 0, None
    if good.height:
        _stage(good)
        rejected = _conflicts()
        accepted = int(bulk.fetch_all("SELECT COUNT(*) FROM stage_loan WHERE changed = 1")[0][0])
    stored = good.height - (rejected.height if rejected is not None else 0)

    def write(event: Recorded) -> None:
        if accepted:
            _store(event.id)
        if good.height:
            bulk.execute("DROP TABLE stage_loan")

    return Plan(accepted=accepted, unchanged=stored - accepted, write=write, rejected=rejected)

"""生源地信用助学贷款 import: contracts added or updated by 合同编号 (spec/formats.md)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from zizhu.core import bulk
from zizhu.core.clock import system_clock
from zizhu.core.events import event_record
from zizhu.core.progress import CHECK, READ, WRITE, Progress, progress_or_silent
from zizhu.intake.reader import ROW, read_table
from zizhu.intake.result import REASON, ImportResult, import_result
from zizhu.loans._loans_check import LAYOUT, check_loans
from zizhu.registry.selectors import administered_county_codes

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


def _conflicts(checked: pl.DataFrame) -> pl.DataFrame:
    """checked, with the rows refused for another contract in the database."""
    found = pl.DataFrame(
        bulk.fetch_all("SELECT row_no, conflict FROM stage_loan WHERE conflict IS NOT NULL"),
        schema={ROW: pl.Int64, "conflict": pl.String},
        orient="row",
    )
    message = pl.format("该学生该学年已有另一份贷款合同（合同编号 {}）", pl.col("conflict"))
    return (
        checked.join(found, on=ROW, how="left", maintain_order="left")
        .with_columns(pl.coalesce(REASON, message).alias(REASON))
        .drop("conflict")
    )


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


def loans_import(
    *,
    path: Path,
    actor: str,
    term: str | None = None,
    errors_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a 生源地信用助学贷款 file; `term` is accepted for a uniform signature and not used."""
    report = progress_or_silent(progress)
    report(*READ)
    table = read_table(path, LAYOUT)
    report(*CHECK)
    today = system_clock().date()
    checked = check_loans(table.frame, counties=administered_county_codes(), today=today)
    good = checked.filter(pl.col(REASON).is_null())
    report(*WRITE)
    with transaction.atomic():
        accepted = 0
        if good.height:
            _stage(good)
            checked = _conflicts(checked)
            accepted = int(
                bulk.fetch_all("SELECT COUNT(*) FROM stage_loan WHERE changed = 1")[0][0]
            )
        stored = checked.filter(pl.col(REASON).is_null()).height
        unchanged = stored - accepted
        event = event_record(
            actor=actor,
            action="import.loans",
            subject=path.name,
            counts={"rows": table.rows, "accepted": accepted, "unchanged": unchanged,
                    "rejected": table.rows - stored},
            detail={"file_sha256": table.sha256},
        )  # fmt: skip
        if accepted:
            _store(event.pk)
        if good.height:
            bulk.execute("DROP TABLE stage_loan")
    return import_result(
        kind="loans",
        table=table,
        checked=checked,
        accepted=accepted,
        unchanged=unchanged,
        errors_dir=errors_dir or settings.ERRORS_DIR,
        progress=report,
    )

"""家庭经济困难学生认定 import: a school's rows replace its 认定 for the term, set-based.

Each row must name a known school and a student on that school's roster for the term, found by
身份证件号 (or by 学籍号 for a student without one); the lookups run in SQL over a staging table.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from zizhu.core import bulk
from zizhu.intake import values as v
from zizhu.intake.kinds import ImportContext, Plan
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.registry.selectors import school_counties
from zizhu.sources._hardship_rules import LEVELS, check_hardship

LOOKUP = "stage_hardship_lookup"
STAGE = "stage_hardship"
MSG_UNKNOWN_SCHOOL = "学校标识码不是已知学校"
MSG_NOT_ON_ROSTER = "该学生不在本校本学期的学生名册中"
MSG_NAME_DIFFERS = "姓名与本校本学期学生名册中的姓名不一致"


def _roster_reasons(checked: pl.DataFrame, *, term: str) -> pl.DataFrame:
    """Find each valid row's school, person and roster entry; add the reasons it fails."""
    columns = [
        ("row_no", "INTEGER"),
        ("school", "VARCHAR(10)"),
        ("id_number", "VARCHAR(18)"),
        ("student_no", "VARCHAR(19)"),
        ("name", "VARCHAR(50)"),
        ("school_known", "INTEGER"),
        ("person_id", "BIGINT"),
        ("roster_name", "VARCHAR(50)"),
    ]
    valid = checked.filter(pl.col(REASON).is_null())
    rows = valid.select(ROW, "school", "id_number", "student_no", "name", pl.lit(0))
    bulk.staging_create(LOOKUP, columns)
    bulk.rows_load(LOOKUP, [c for c, _ in columns[:6]], rows.iter_rows())
    bulk.execute(
        f"UPDATE {LOOKUP} SET school_known = 1 WHERE school IN (SELECT code FROM registry_school)"
    )
    # The ID number finds the person; 学籍号 only where there is no ID number (J, L).
    bulk.execute(
        f"""
        UPDATE {LOOKUP} SET person_id = CASE WHEN id_number IS NOT NULL
            THEN (SELECT p.id FROM registry_person p WHERE p.id_number = {LOOKUP}.id_number)
            ELSE (SELECT p.id FROM registry_person p WHERE p.student_no = {LOOKUP}.student_no)
        END
        """
    )
    bulk.execute(
        f"""
        UPDATE {LOOKUP} SET roster_name = (
            SELECT e.name FROM registry_enrolment e
            WHERE e.term_id = %s AND e.school_id = {LOOKUP}.school
              AND e.person_id = {LOOKUP}.person_id AND e.on_roster = %s)
        WHERE person_id IS NOT NULL
        """,
        [term, True],
    )
    found = bulk.fetch_all(
        f"""
        SELECT row_no, person_id, CASE
            WHEN school_known = 0 THEN %s
            WHEN roster_name IS NULL THEN %s
            WHEN roster_name <> name THEN %s END
        FROM {LOOKUP}
        """,
        [MSG_UNKNOWN_SCHOOL, MSG_NOT_ON_ROSTER, MSG_NAME_DIFFERS],
    )
    bulk.execute(f"DROP TABLE {LOOKUP}")
    looked_up = pl.DataFrame(
        found,
        schema={ROW: pl.Int64, "person_id": pl.Int64, "roster_reason": pl.String},
        orient="row",
    )
    checked = checked.join(looked_up, on=ROW, how="left").with_columns(
        pl.coalesce(REASON, "roster_reason").alias(REASON)
    )
    # The same student twice for one school, however each row named them.
    return v.mark_later_duplicates(
        checked.drop("roster_reason"), ["school", "person_id"], reason=REASON, what="学生"
    )


def _store(good: pl.DataFrame, *, term: str) -> tuple[int, list[dict[str, Any]]]:
    """Stage the valid rows and count what changes: (rows to write, assessments to remove)."""
    columns = [
        ("row_no", "INTEGER"),
        ("school_id", "VARCHAR(10)"),
        ("person_id", "BIGINT"),
        ("level", "VARCHAR(10)"),
        ("basis", "VARCHAR(255)"),
        ("changed", "INTEGER"),
    ]
    rows = good.select(
        ROW,
        "school",
        "person_id",
        pl.col("level").replace_strict(LEVELS, return_dtype=pl.String),
        pl.col("basis").fill_null(""),
        pl.lit(0),
    )
    bulk.staging_create(STAGE, columns)
    bulk.rows_load(STAGE, [c for c, _ in columns], rows.iter_rows())
    # Finding the assessments the file no longer names probes the staging table per row.
    bulk.execute(f"CREATE INDEX {STAGE}_student ON {STAGE} (school_id, person_id)")
    bulk.execute(
        f"""
        UPDATE {STAGE} SET changed = 1 WHERE NOT EXISTS (
            SELECT 1 FROM sources_hardshipassessment a
            WHERE a.term_id = %s AND a.school_id = {STAGE}.school_id
              AND a.person_id = {STAGE}.person_id
              AND a.level = {STAGE}.level AND a.basis = {STAGE}.basis)
        """,
        [term],
    )
    changed = bulk.fetch_all(f"SELECT COUNT(*) FROM {STAGE} WHERE changed = 1")[0][0]
    # Kept in the event: the deleted rows are otherwise gone.
    removed = bulk.fetch_all(f"SELECT school_id, person_id, level, basis {_REMOVED}", [term])
    return int(changed), [
        {"school": s, "person_id": p, "level": lv, "basis": b} for s, p, lv, b in removed
    ]


# The term's assessments of the file's schools whose student the file no longer names.
_REMOVED = f"""
    FROM sources_hardshipassessment
    WHERE term_id = %s AND school_id IN (SELECT school_id FROM {STAGE})
      AND NOT EXISTS (SELECT 1 FROM {STAGE} s
                      WHERE s.school_id = sources_hardshipassessment.school_id
                        AND s.person_id = sources_hardshipassessment.person_id)
"""


def _write(*, term: str, event_id: int) -> None:
    bulk.execute(f"DELETE {_REMOVED}", [term])
    bulk.execute(
        f"""
        INSERT INTO sources_hardshipassessment
            (term_id, school_id, person_id, level, basis, row_no, event_id)
        SELECT %s, school_id, person_id, level, basis, row_no, %s FROM {STAGE}
        WHERE changed = 1
        ON CONFLICT (term_id, school_id, person_id) DO UPDATE SET level = excluded.level,
            basis = excluded.basis, row_no = excluded.row_no, event_id = excluded.event_id
        """,
        [term, event_id],
    )
    bulk.execute(f"DROP TABLE {STAGE}")


def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    return check_hardship(frame, today=context.today)


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """A 认定 row changes its school's 认定, in the school's county (read now)."""
    counties = school_counties(codes=set(checked["school"].drop_nulls().to_list()))
    return checked.select(
        pl.col(ROW),
        pl.col("school")
        .replace_strict(counties, default=None, return_dtype=pl.String)
        .alias("county"),
        pl.col("school"),
    )


def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
    """Each school in the file has its 认定 for the term replaced."""
    term = str(context.term)
    looked_up = _roster_reasons(checked, term=term)
    still_good = looked_up.filter(pl.col(REASON).is_null())
    accepted, removed = _store(still_good, term=term)
    return Plan(
        accepted=accepted,
        unchanged=still_good.height - accepted,
        write=lambda event: _write(term=term, event_id=event.id),
        counts={"removed": len(removed)},
        detail={"schools": sorted(still_good["school"].unique().to_list()), "removed": removed},
        rejected=looked_up.filter(pl.col(REASON).is_not_null()).select(ROW, REASON),
    )

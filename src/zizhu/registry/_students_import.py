"""学生名册 import: a school's rows replace its roster for the term, set-based.

The replaced unit is (term, school, administering county): the school's own county, or for
高校 rows the county of the student's 户籍, so a county's 高校 file replaces only its own
students at each university. Enrolments are never deleted: one left out of a new roster is
marked off the roster, and every join, leave and change of a re-imported roster is recorded.
"""

from __future__ import annotations

from itertools import chain

import polars as pl

from zizhu.core import bulk
from zizhu.intake.kinds import ImportContext, Plan, Recorded
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.registry._students_check import check_students
from zizhu.registry.constants import RosterChangeKind
from zizhu.registry.models import School
from zizhu.registry.selectors import county_codes_required, school_counties

STAGING_SLICE_ROWS = 100_000
STAGING = [
    ("row_no", "INTEGER"),
    ("school", "VARCHAR(10)"),
    ("unit", "VARCHAR(6)"),
    ("id_number", "VARCHAR(18)"),
    ("student_no", "VARCHAR(19)"),
    ("name", "VARCHAR(50)"),
    ("sex", "VARCHAR(1)"),
    ("stage", "VARCHAR(12)"),
    ("grade", "INTEGER"),
    ("class_name", "VARCHAR(50)"),
    ("boarding", "BOOLEAN"),
    ("hukou_code", "VARCHAR(6)"),
    ("hukou_rural", "BOOLEAN"),
    ("status", "VARCHAR(12)"),
    ("major", "VARCHAR(100)"),
    ("agri_major", "BOOLEAN"),
    ("payee_name", "VARCHAR(50)"),
    ("payee_id_number", "VARCHAR(18)"),
    ("account_no", "VARCHAR(19)"),
    ("bank", "VARCHAR(100)"),
]
# (enrolment column, staging column) pairs compared to tell a changed row from an unchanged one.
COMPARED = [
    ("admin_county_id", "unit"),
    ("student_no", "student_no"),
    ("name", "name"),
    ("sex", "sex"),
    ("stage", "stage"),
    ("grade", "grade"),
    ("class_name", "class_name"),
    ("boarding", "boarding"),
    ("hukou_code", "hukou_code"),
    ("hukou_rural", "hukou_rural"),
    ("status", "status"),
    ("major", "major"),
    ("agri_major", "agri_major"),
    ("payee_name", "payee_name"),
    ("payee_id_number", "payee_id_number"),
    ("account_no", "account_no"),
    ("bank", "bank"),
]
_SAME = " AND ".join(f"e.{col} IS NOT DISTINCT FROM stage_enrol.{src}" for col, src in COMPARED)
_CHANGED_FIELDS = " || ".join(
    f"CASE WHEN e.{col} IS DISTINCT FROM s.{src} THEN '{src},' ELSE '' END" for col, src in COMPARED
)


def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    schools = pl.DataFrame(
        list(School.objects.values_list("code", "county_code", "stages")),
        # Typed: with no school registered yet, untyped columns came out null-typed and the
        # check failed with a polars error instead of naming the missing schools.
        schema={"code": pl.String, "county_code": pl.String, "stages": pl.String},
        orient="row",
    )
    return check_students(
        frame,
        term=str(context.term),
        schools=schools,
        counties=county_codes_required(),  # refused, naming what to load, while none is
        today=context.today,
    )


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """The unit each row would change: its school, and the county that administers it (the
    school's, read now, inside the transaction; for a 高校 row, the 户籍 county)."""
    counties = school_counties(codes=set(checked["school"].drop_nulls().to_list()))
    return checked.select(
        pl.col(ROW),
        pl.when(pl.col("stage_code") == "HIGHER")
        .then(pl.col("hukou_code"))
        .otherwise(pl.col("school").replace_strict(counties, default=None, return_dtype=pl.String))
        .alias("county"),
        pl.col("school"),
    )


def prepare(checked: pl.DataFrame, context: ImportContext) -> None:
    _stage(checked)


def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
    valid_rows = checked[REASON].null_count()
    term = str(context.term)
    _resolve_people(term)
    counts = _classify(term, partial=context.partial)
    by_school = _by_school()

    def write(event: Recorded) -> None:
        # The write of a whole city's roster is the longest step: mark its half-way point.
        context.progress(0.7, "更新名册")
        _write(term, event.id)
        for table in ("stage_enrol", "stage_people", "stage_unit", "stage_left"):
            bulk.execute(f"DROP TABLE {table}")

    changes = {k: counts[k] for k in ("joined", "left", "changed")}
    return Plan(
        accepted=counts["accepted"],
        unchanged=counts["unchanged"],
        write=write,
        counts={"rows_valid": valid_rows, **changes},
        extra={**changes, "schools": by_school},
    )


def _staging_rows(good: pl.DataFrame) -> pl.DataFrame:
    text = ["student_no", "sex", "class_name", "major", "payee_name", "payee_id_number"]
    return good.select(
        pl.col(ROW),
        "school",
        "unit",
        "id_number",
        "student_no",
        "name",
        "sex",
        pl.col("stage_code"),
        pl.col("grade_no"),
        "class_name",
        pl.col("boarding_flag"),
        "hukou_code",
        pl.col("rural_flag"),
        pl.col("status_code"),
        "major",
        pl.col("agri_flag"),
        "payee_name",
        "payee_id_number",
        "account_no",
        "bank",
    ).with_columns(pl.col([*text, "account_no", "bank"]).fill_null(""))


def _stage(checked: pl.DataFrame) -> None:
    """Load the accepted rows into this connection's temporary staging table, before the
    write transaction: on SQLite that transaction holds the database's one write lock, and the
    other counties' imports wait on it (loading the largest county takes about 1.5 s)."""
    bulk.staging_create(
        "stage_enrol",
        [*STAGING, ("person_id", "BIGINT"), ("enrolment_id", "BIGINT"), ("outcome", "VARCHAR(8)")],
    )
    columns = [c for c, _ in STAGING]
    # The valid rows a slice at a time: all at once, their copy and the staging columns were
    # 700 MB for a county of 1.27 million rows.
    rows = chain.from_iterable(
        _staging_rows(part.filter(pl.col(REASON).is_null())).iter_rows()
        for part in checked.iter_slices(STAGING_SLICE_ROWS)
    )
    bulk.rows_load("stage_enrol", columns, rows)
    bulk.execute("CREATE INDEX stage_enrol_enrolment ON stage_enrol (enrolment_id)")
    # The file's people, one row each (SQLite's GROUP BY leaves them in identifier order, the
    # order of the person table's unique indexes, which keeps their insert cheap).
    bulk.execute("DROP TABLE IF EXISTS stage_people")
    bulk.execute(
        """
        CREATE TEMPORARY TABLE stage_people AS
        SELECT id_number, NULL AS student_no, MIN(name) AS name FROM stage_enrol
        WHERE id_number IS NOT NULL GROUP BY id_number
        UNION ALL
        SELECT NULL, student_no, MIN(name) FROM stage_enrol
        WHERE id_number IS NULL GROUP BY student_no
        """
    )


def _resolve_people(term: str) -> None:
    """Create the people not yet known (one per ID number, or per 学籍号 without one).

    In key order: two counties' rosters imported at once may share students (a transfer, a
    student on two rosters), and each import waits for the other's new row of a shared person.
    Inserted in any order (PostgreSQL's hashed GROUP BY), two imports could each hold a person
    the other waits for: a deadlock, one import failed (found at 4 times Zhanjiang's size). In
    one order, the second waits for the first and then finds the person made."""
    bulk.execute(
        """
        INSERT INTO registry_person (id_number, student_no, name)
        SELECT id_number, student_no, name FROM stage_people
        WHERE true  -- SQLite reads "FROM t ON CONFLICT" as a join without it
        ORDER BY id_number, student_no
        ON CONFLICT DO NOTHING
        """
    )
    bulk.execute(
        """
        UPDATE stage_enrol SET person_id = p.id FROM registry_person AS p
        WHERE stage_enrol.id_number IS NOT NULL AND p.id_number = stage_enrol.id_number
        """
    )
    bulk.execute(
        """
        UPDATE stage_enrol SET person_id = p.id FROM registry_person AS p
        WHERE stage_enrol.id_number IS NULL AND p.student_no = stage_enrol.student_no
        """
    )
    bulk.execute(
        """
        UPDATE stage_enrol SET enrolment_id = e.id FROM registry_enrolment AS e
        WHERE e.term_id = %s AND e.school_id = stage_enrol.school
          AND e.person_id = stage_enrol.person_id
        """,
        [term],
    )


def _classify(term: str, *, partial: bool) -> dict[str, int]:
    bulk.execute(
        "UPDATE stage_enrol SET outcome = CASE WHEN enrolment_id IS NULL THEN 'new'"
        " ELSE 'changed' END"
    )
    bulk.execute(
        f"""
        UPDATE stage_enrol SET outcome = 'same' FROM registry_enrolment AS e
        WHERE e.id = stage_enrol.enrolment_id AND e.on_roster AND {_SAME}
        """
    )
    # The roster units this file replaces, and whether each already had a roster. The
    # leavers are found from the units outwards (CROSS JOIN keeps SQLite in that order, served
    # by the enrolment_term_county index): from the enrolments' side it scans the whole term.
    bulk.execute("DROP TABLE IF EXISTS stage_unit")
    bulk.execute(
        """
        CREATE TEMPORARY TABLE stage_unit AS
        SELECT DISTINCT u.school, u.unit, CASE WHEN EXISTS (
            SELECT 1 FROM registry_enrolment e WHERE e.term_id = %s AND e.school_id = u.school
              AND e.admin_county_id = u.unit AND e.on_roster) THEN 1 ELSE 0 END AS had_roster
        FROM stage_enrol u
        """,
        [term],
    )
    bulk.execute("DROP TABLE IF EXISTS stage_left")
    # A correction (partial) takes nobody off: it has no leavers.
    bulk.execute(
        f"""
        CREATE TEMPORARY TABLE stage_left AS
        SELECT e.id, e.school_id, e.account_no
        FROM stage_unit u CROSS JOIN registry_enrolment e
        WHERE e.term_id = %s AND e.admin_county_id = u.unit AND e.school_id = u.school
          AND e.on_roster {"AND 1 = 0" if partial else ""}
          AND NOT EXISTS (SELECT 1 FROM stage_enrol s WHERE s.enrolment_id = e.id)
        """,
        [term],
    )
    rows = bulk.fetch_all(
        """
        SELECT
            (SELECT COUNT(*) FROM stage_enrol WHERE outcome = 'new'),
            (SELECT COUNT(*) FROM stage_enrol WHERE outcome = 'changed'),
            (SELECT COUNT(*) FROM stage_enrol WHERE outcome = 'same'),
            (SELECT COUNT(*) FROM stage_left)
        """
    )
    joined, changed, same, left = (int(x) for x in rows[0])
    return {
        "accepted": joined + changed,
        "unchanged": same,
        "joined": joined,
        "changed": changed,
        "left": left,
    }


def _by_school() -> list[dict[str, object]]:
    """Per school of the file: how many join, leave and change (what a preview shows)."""
    rows = bulk.fetch_all(
        """
        SELECT t.school, sc.name, SUM(t.joined), SUM(t.left_), SUM(t.changed)
        FROM (SELECT school, CASE WHEN outcome = 'new' THEN 1 ELSE 0 END AS joined,
                     0 AS left_, CASE WHEN outcome = 'changed' THEN 1 ELSE 0 END AS changed
              FROM stage_enrol
              UNION ALL SELECT school_id, 0, 1, 0 FROM stage_left) t
        JOIN registry_school sc ON sc.code = t.school
        GROUP BY t.school, sc.name ORDER BY t.school
        """
    )
    return [
        {"school": code, "name": name, "joined": int(j), "left": int(lf), "changed": int(c)}
        for code, name, j, lf, c in rows
    ]


def _write(term: str, event_id: int) -> None:
    # Changes are recorded from the old values, before the rows are overwritten.
    bulk.execute(
        f"""
        INSERT INTO registry_rosterchange
            (event_id, enrolment_id, kind, fields, old_account, new_account)
        SELECT %s, e.id, '{RosterChangeKind.CHANGED}',
            CASE WHEN e.on_roster THEN '' ELSE 'on_roster,' END || {_CHANGED_FIELDS},
            e.account_no, s.account_no
        FROM stage_enrol s JOIN registry_enrolment e ON e.id = s.enrolment_id
        WHERE s.outcome = 'changed'
        """,
        [event_id],
    )
    assignments = ", ".join(f"{col} = s.{src}" for col, src in COMPARED)
    bulk.execute(
        f"""
        UPDATE registry_enrolment SET {assignments}, on_roster = TRUE, event_id = %s
        FROM stage_enrol AS s
        WHERE s.enrolment_id = registry_enrolment.id AND s.outcome = 'changed'
        """,
        [event_id],
    )
    targets = ", ".join(col for col, _ in COMPARED)
    sources = ", ".join(f"s.{src}" for _, src in COMPARED)
    bulk.execute(
        f"""
        INSERT INTO registry_enrolment
            (term_id, school_id, person_id, on_roster, event_id, {targets})
        SELECT %s, s.school, s.person_id, TRUE, %s, {sources}
        FROM stage_enrol s WHERE s.outcome = 'new'
        ORDER BY s.school, s.person_id
        """,
        [term, event_id],
    )
    # A unit's first roster records no joins: its enrolments carry the importing event.
    if bulk.fetch_all("SELECT 1 FROM stage_unit WHERE had_roster = 1 LIMIT 1"):
        _record_joins(event_id, term)
    _leave(event_id)


def _record_joins(event_id: int, term: str) -> None:
    bulk.execute(
        f"""
        INSERT INTO registry_rosterchange
            (event_id, enrolment_id, kind, fields, old_account, new_account)
        SELECT %s, e.id, '{RosterChangeKind.JOINED}', '', '', e.account_no
        FROM stage_enrol s
        JOIN stage_unit u ON u.school = s.school AND u.unit = s.unit AND u.had_roster = 1
        JOIN registry_enrolment e
          ON e.term_id = %s AND e.school_id = s.school AND e.person_id = s.person_id
        WHERE s.outcome = 'new'
        """,
        [event_id, term],
    )


def _leave(event_id: int) -> None:
    """Take the students left out of the new roster off it, recording each."""
    bulk.execute(
        f"""
        INSERT INTO registry_rosterchange
            (event_id, enrolment_id, kind, fields, old_account, new_account)
        SELECT %s, id, '{RosterChangeKind.LEFT}', '', account_no, '' FROM stage_left
        """,
        [event_id],
    )
    bulk.execute(
        """
        UPDATE registry_enrolment SET on_roster = FALSE, event_id = %s
        WHERE id IN (SELECT id FROM stage_left)
        """,
        [event_id],
    )

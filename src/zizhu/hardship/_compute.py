"""Set-based identification for one term: lists in force -> categories -> hardship levels.

Every statement works on the whole term at once (or on one county's students of it, for a
county's own entitle); a re-run replaces those results.
"""

from __future__ import annotations

from zizhu.core import bulk
from zizhu.core.bulk import sql_list
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.registry.published_sql import enrolled, enrolled_in_term
from zizhu.sources.constants import HardshipLevel
from zizhu.sources.lists import records_in_force

# The levels as quoted SQL literals, from sources' vocabulary.
_Q_SPECIAL, _Q_HARDSHIP, _Q_GENERAL, _Q_NONE = (
    sql_list(level)
    for level in (
        HardshipLevel.SPECIAL,
        HardshipLevel.HARDSHIP,
        HardshipLevel.GENERAL,
        HardshipLevel.NONE,
    )
)

# Students the term's aid is about: on a roster of the term and 在读 there.
_ENROLLED = f"""
    SELECT e.person_id FROM registry_enrolment e
    WHERE {enrolled_in_term("e")}
"""

# A record matches a student of the term by ID number; its name must be the name on one of
# the student's rosters for the term, or an officer must have confirmed the pair of names.
# Records drive the join (CROSS JOIN keeps SQLite in that order): there are fewer of them
# than students, and each finds its person by the unique ID index and the person's rosters
# by the (person, term) index.
_MATCHES = """
    CREATE TEMPORARY TABLE hd_match AS
    SELECT r.id AS record_id, r.category, p.id AS person_id, r.name AS list_name,
        (SELECT MIN(e.name) FROM registry_enrolment e
         WHERE e.person_id = p.id AND e.term_id = %s AND e.on_roster) AS student_name,
        CASE WHEN EXISTS (
            SELECT 1 FROM registry_enrolment e
            WHERE e.person_id = p.id AND e.term_id = %s AND e.on_roster
              AND (e.name = r.name OR EXISTS (
                  SELECT 1 FROM hardship_nameconfirmation c
                  WHERE c.id_number = r.id_number AND c.list_name = r.name
                    AND c.student_name = e.name)))
        THEN 1 ELSE 0 END AS name_ok
    FROM hd_record r CROSS JOIN registry_person p
    WHERE p.id_number = r.id_number
      AND EXISTS (SELECT 1 FROM hd_enrolled x WHERE x.person_id = p.id)
"""

# The best 认定 among the schools where the student is 在读 (a lower rank is more in need).
_ASSESSED = f"""
    CREATE TEMPORARY TABLE hd_assessed AS
    SELECT a.person_id,
        MIN(CASE a.level WHEN {_Q_SPECIAL} THEN 1 WHEN {_Q_HARDSHIP} THEN 2
                         WHEN {_Q_GENERAL} THEN 3 ELSE 4 END) AS best_rank,
        MAX(CASE a.level WHEN {_Q_NONE} THEN 1 ELSE 0 END) AS says_none
    FROM sources_hardshipassessment a
    JOIN registry_enrolment e ON e.term_id = a.term_id AND e.school_id = a.school_id
        AND e.person_id = a.person_id AND {enrolled("e")}
    WHERE a.term_id = %s {{only}}
    GROUP BY a.person_id
"""

_HARDSHIP = f"""
    INSERT INTO hardship_studenthardship
        (term_id, person_id, level, has_category, assessed_level, conflict)
    SELECT %s, p.person_id,
        CASE WHEN c.person_id IS NOT NULL THEN {_Q_SPECIAL}
             WHEN a.best_rank = 1 THEN {_Q_SPECIAL} WHEN a.best_rank = 2 THEN {_Q_HARDSHIP}
             WHEN a.best_rank = 3 THEN {_Q_GENERAL} ELSE {_Q_NONE} END,
        c.person_id IS NOT NULL,
        CASE a.best_rank WHEN 1 THEN {_Q_SPECIAL} WHEN 2 THEN {_Q_HARDSHIP}
                         WHEN 3 THEN {_Q_GENERAL} WHEN 4 THEN {_Q_NONE} ELSE '' END,
        c.person_id IS NOT NULL AND COALESCE(a.says_none, 0) = 1
    FROM (SELECT person_id FROM hd_assessed
          UNION SELECT person_id FROM hardship_studentcategory WHERE term_id = %s) p
    LEFT JOIN (SELECT DISTINCT person_id FROM hardship_studentcategory WHERE term_id = %s) c
        ON c.person_id = p.person_id
    LEFT JOIN hd_assessed a ON a.person_id = p.person_id
    {{where_only}}
"""
# A county's run: only the county's students (hd_enrolled) are identified again.
_ONLY = "AND a.person_id IN (SELECT person_id FROM hd_enrolled)"
_WHERE_ONLY = "WHERE p.person_id IN (SELECT person_id FROM hd_enrolled)"
_RESULTS = ["hardship_studentcategory", "hardship_namemismatch", "hardship_studenthardship"]

_SCRATCH = ["hd_enrolled", "hd_record", "hd_match", "hd_assessed"]


def _enrolled_keyed(term: str, scope: Scope) -> None:
    """hd_enrolled: the term's students in scope, each once, keyed. SQLite fills a keyed table
    straight from the scan (cheaper there than DISTINCT and then an index); PostgreSQL's
    per-row conflict check made that 4.7 s for a city, against 2.0 s for DISTINCT and a key."""
    in_scope, scope_params = scope.sql(county="e.admin_county_id", school="e.school_id")
    params = [term, *scope_params]
    if bulk.vendor() == "sqlite":
        bulk.execute("CREATE TEMPORARY TABLE hd_enrolled (person_id INTEGER PRIMARY KEY)")
        bulk.execute(
            f"INSERT INTO hd_enrolled (person_id) {_ENROLLED} AND {in_scope}"
            " ON CONFLICT DO NOTHING",
            params,
        )
    else:
        bulk.execute(
            f"CREATE TEMPORARY TABLE hd_enrolled AS SELECT DISTINCT person_id FROM ({_ENROLLED}"
            f" AND {in_scope}) enrolled",
            params,
        )
        bulk.execute("ALTER TABLE hd_enrolled ADD PRIMARY KEY (person_id)")


def hardship_compute(*, term: str, year: int, reference_date: str, scope: Scope) -> dict[str, int]:
    """Rebuild the term's categories, name mismatches and hardship levels: the whole city's,
    or (a county's scope) those of the students 在读 under the county. Call inside the
    transaction of the step that needs them (entitle); returns counts."""
    if scope.level not in ("CITY", "COUNTY"):
        raise Refused(Code.ROLE_FORBIDDEN, "只有市、县区可以计算困难认定和名单")
    for table in _SCRATCH:
        bulk.execute(f"DROP TABLE IF EXISTS {table}")
    # The imports before this step may have doubled these tables since they were last analysed
    # (a new term's rosters): about a second for a whole city, against minutes of a bad plan.
    bulk.analyze("registry_enrolment", "registry_person", "sources_sourcerecord",
                 "sources_hardshipassessment")  # fmt: skip
    _enrolled_keyed(term, scope)
    city = scope.whole_city
    for table in _RESULTS:
        only = "" if city else "AND person_id IN (SELECT person_id FROM hd_enrolled)"
        bulk.execute(f"DELETE FROM {table} WHERE term_id = %s {only}", [term])
    # The records in force and the category each gives, as the lists' declarations say.
    in_force, params = records_in_force(year=year, reference_date=reference_date)
    bulk.execute(
        f"CREATE TEMPORARY TABLE hd_record AS SELECT record_id AS id, id_number, name, category"
        f" FROM ({in_force}) records",
        params,
    )
    bulk.analyze("hd_enrolled", "hd_record")
    bulk.execute(_MATCHES, [term, term])
    bulk.analyze("hd_match")
    bulk.execute(
        """
        INSERT INTO hardship_studentcategory (term_id, person_id, category, source_record_id)
        SELECT DISTINCT %s, person_id, category, record_id FROM hd_match WHERE name_ok = 1
        """,
        [term],
    )
    bulk.execute(
        """
        INSERT INTO hardship_namemismatch
            (term_id, person_id, source_record_id, list_name, student_name)
        SELECT %s, person_id, record_id, list_name, student_name FROM hd_match
        WHERE name_ok = 0
        """,
        [term],
    )
    bulk.execute(_ASSESSED.format(only="" if city else _ONLY), [term])
    bulk.analyze("hd_assessed", "hardship_studentcategory")
    bulk.execute(_HARDSHIP.format(where_only="" if city else _WHERE_ONLY), [term, term, term])
    # The next step (entitle, audit) joins the term's hardship to its enrolments.
    bulk.analyze("hardship_studenthardship", "hardship_namemismatch")
    counts = bulk.fetch_all(
        """
        SELECT (SELECT COUNT(*) FROM hd_enrolled),
               (SELECT COUNT(*) FROM hardship_namemismatch WHERE term_id = %s
                AND person_id IN (SELECT person_id FROM hd_enrolled)),
               (SELECT COUNT(*) FROM hardship_studenthardship WHERE term_id = %s AND conflict
                AND person_id IN (SELECT person_id FROM hd_enrolled))
        """,
        [term, term],
    )[0]
    for table in _SCRATCH:
        bulk.execute(f"DROP TABLE {table}")
    return {"students": int(counts[0]), "name_mismatches": int(counts[1]),
            "category_conflicts": int(counts[2])}  # fmt: skip

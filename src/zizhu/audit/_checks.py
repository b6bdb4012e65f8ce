"""The checks, one set-based statement each, writing into the temporary table au_found.

They read the term's 在读 enrolments (au_enrolled) and what aid, payments, hardship and
registry publish (their `published_sql`): among it aid's QUALIFYING (who qualifies under the
newest catalogue in force, from aid's judging_build) and QUALIFYING_BY_VERSION (who
qualifies, for how much, under each catalogue version an approved list of the term was
approved under: an approved list is judged by its own).
Every `detail` is built from the facts only, so the same facts always give the same words: a
resolved finding reopens exactly when its facts change.
"""

from __future__ import annotations

from zizhu.aid.published_sql import (
    HELD_PEOPLE,
    QUALIFYING,
    entitlement_approved,
    entitlement_decided,
)
from zizhu.aid.services import Judging
from zizhu.audit._judged_checks import judged_checks
from zizhu.audit.constants import AGE_RANGES, MAX_STUDENTS_PER_ACCOUNT, Check
from zizhu.core import bulk
from zizhu.payments.published_sql import payment_failed, payment_succeeded
from zizhu.registry.published_sql import (
    enrolled_in_term,
    enrolment_status_words,
    stage_words,
)

# A 在读 enrolment of the term, for lookups through the (person, term) index; needs the term
# as a parameter.
_IS_ENROLLED = enrolled_in_term("x")
_INSERT = "INSERT INTO au_found (check_code, person_id, program, school, county, detail) "


def enrolled_create(term: str) -> None:
    bulk.execute(
        f"""
        CREATE TEMPORARY TABLE au_enrolled AS
        SELECT e.id, e.person_id, e.school_id, e.admin_county_id AS county, e.stage,
            e.account_no, e.payee_name, e.payee_id_number
        FROM registry_enrolment e
        WHERE {enrolled_in_term("e")}
        """,
        [term],
    )
    bulk.execute(
        """
        CREATE TEMPORARY TABLE au_found (check_code VARCHAR(20), person_id BIGINT,
            program VARCHAR(20), school VARCHAR(10), county VARCHAR(6), detail VARCHAR(500))
        """
    )
    bulk.analyze("au_enrolled")


def run_checks(term: str, reference_date: str, judging: Judging) -> None:
    newest = judging.newest.version or 0
    _dup_enrollment(term)
    _shared_account(term)
    for check in (
        _dup_payment, _not_enrolled, _missed, _payment_failed, _name_mismatch,
        _category_conflict, _no_id,
    ):  # fmt: skip
        check(term)
    judged_checks(term, judging, newest)
    _age_anomaly(reference_date)


def _dup_enrollment(term: str) -> None:
    """The people aid's qualifying_build already holds, with their schools."""
    schools = bulk.group_concat("school_id", "school_id")
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.DUP_ENROLLMENT}', person_id, '', MIN(school_id), MIN(county),
            '同一学期在' || CAST(COUNT(*) AS TEXT) || '所学校在读：' || {schools}
        FROM (SELECT DISTINCT x.person_id, x.school_id, x.admin_county_id AS county
              FROM {HELD_PEOPLE} h CROSS JOIN registry_enrolment x
              WHERE x.person_id = h.person_id AND {_IS_ENROLLED}
              ORDER BY x.person_id, x.school_id) d
        GROUP BY person_id
        """,
        [term],
    )


def _dup_payment(term: str) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.DUP_PAYMENT}', a.person_id, a.program, MIN(a.school_id), MIN(a.county_id),
            '同一项目同一学期成功发放' || CAST(COUNT(*) AS TEXT) || '次'
        FROM payments_payment p JOIN aid_entitlement a ON a.id = p.entitlement_id
        WHERE a.term_id = %s AND {payment_succeeded("p")}
        GROUP BY a.person_id, a.program HAVING COUNT(*) > 1
        """,
        [term],
    )


def _not_enrolled(term: str) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.NOT_ENROLLED}', a.person_id, a.program, a.school_id, a.county_id,
            CASE WHEN e.on_roster THEN '名单已审批，但学生本学期' || {enrolment_status_words("e")}
                 ELSE '名单已审批，但学生已不在本学期学生名册中' END
        FROM aid_entitlement a JOIN registry_enrolment e ON e.id = a.enrolment_id
        WHERE a.term_id = %s AND {entitlement_approved("a")}
          AND NOT EXISTS (SELECT 1 FROM registry_enrolment x
                          WHERE x.person_id = a.person_id AND {_IS_ENROLLED})
        """,
        [term, term],
    )


def _missed(term: str) -> None:
    """Only lists a county has approved: before approval every draft would be 'missed'."""
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.MISSED}', p.person_id, p.program, p.school_id, p.county_id,
            '符合条件（' || p.rule || '），但不在已审批名单中，也没有排除记录'
        FROM {QUALIFYING} p
        WHERE p.held = 0 AND p.capped = 0
          AND EXISTS (SELECT 1 FROM aid_approval ap WHERE ap.term_id = %s
                      AND ap.county_id = p.county_id AND ap.program = p.program)
          AND NOT EXISTS (SELECT 1 FROM aid_entitlement a WHERE a.term_id = %s
                          AND a.person_id = p.person_id AND a.program = p.program
                          AND {entitlement_decided("a")})
        """,
        [term, term],
    )


def _payment_failed(term: str) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.PAYMENT_FAILED}', a.person_id, a.program, a.school_id, a.county_id,
            '发放失败未补发：' || COALESCE(NULLIF(p.failure_reason, ''), '银行未说明原因')
            || '（批次 ' || b.batch_no || '）'
        FROM aid_entitlement a
        JOIN payments_payment p ON p.entitlement_id = a.id
        JOIN payments_paymentbatch b ON b.id = p.batch_id
        WHERE a.term_id = %s AND {entitlement_approved("a")} AND {payment_failed("p")}
          AND p.id = (SELECT MAX(q.id) FROM payments_payment q WHERE q.entitlement_id = a.id)
        """,
        [term],
    )


def _name_mismatch(term: str) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.NAME_MISMATCH}', m.person_id, '', MIN(x.school_id), MIN(x.admin_county_id),
            '部门名单姓名“' || MIN(m.list_name) || '”，学籍姓名“' || MIN(m.student_name)
            || '”，待核实'
        FROM hardship_namemismatch m CROSS JOIN registry_enrolment x
        WHERE m.term_id = %s AND x.person_id = m.person_id AND {_IS_ENROLLED}
        GROUP BY m.person_id
        """,
        [term, term],
    )


def _category_conflict(term: str) -> None:
    categories = bulk.group_concat("category", "category")
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.CATEGORY_CONFLICT}', h.person_id, '', MIN(x.school_id),
            MIN(x.admin_county_id),
            '学校认定为不困难，但属于：' || MIN(c.categories)
        FROM hardship_studenthardship h
        JOIN registry_enrolment x ON x.person_id = h.person_id AND {_IS_ENROLLED}
        JOIN (SELECT person_id, {categories} AS categories
              FROM (SELECT DISTINCT person_id, category FROM hardship_studentcategory
                    WHERE term_id = %s ORDER BY person_id, category) o
              GROUP BY person_id) c ON c.person_id = h.person_id
        WHERE h.term_id = %s AND h.conflict
        GROUP BY h.person_id
        """,
        [term, term, term],
    )


def _shared_account(term: str) -> None:
    # Accounts on two rows or more of the term (only those can be shared), read in order
    # from the (account, term) index: no sort of 1.59 million accounts. SQLite's planner
    # prefers the term's indexes here, so it is told which one to use.
    hint = "INDEXED BY enrolment_account_term" if bulk.vendor() == "sqlite" else ""
    bulk.execute(
        f"""
        CREATE TEMPORARY TABLE au_account AS
        SELECT account_no FROM registry_enrolment {hint}
        WHERE term_id = %s AND account_no <> ''
        GROUP BY account_no HAVING COUNT(*) > 1
        """,
        [term],
    )
    bulk.analyze("au_account")
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.SHARED_ACCOUNT}', x.person_id, '', x.school_id, x.county,
            '收款账号尾号' || substr(x.account_no, length(x.account_no) - 3, 4) || '：'
            || CAST(s.students AS TEXT) || '名在读学生共用，'
            || CAST(s.holders AS TEXT) || '个户名，' || CAST(s.holder_ids AS TEXT) || '个户主证件号'
        FROM au_enrolled x JOIN (
            SELECT account_no, COUNT(DISTINCT person_id) AS students,
                COUNT(DISTINCT payee_name) AS holders,
                COUNT(DISTINCT payee_id_number) AS holder_ids
            FROM au_enrolled WHERE account_no IN (SELECT account_no FROM au_account)
            GROUP BY account_no
            HAVING COUNT(DISTINCT person_id) > {MAX_STUDENTS_PER_ACCOUNT}
                OR COUNT(DISTINCT payee_name) > 1 OR COUNT(DISTINCT payee_id_number) > 1
        ) s ON s.account_no = x.account_no
        """
    )
    bulk.execute("DROP TABLE au_account")


def _no_id(term: str) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.NO_ID}', a.person_id, '', MIN(a.school_id), MIN(a.county_id),
            '无身份证件号（学籍号 ' || MIN(p.student_no) || '），无法与部门名单比对，已审批 '
            || CAST(COUNT(*) AS TEXT) || ' 个项目'
        FROM aid_entitlement a JOIN registry_person p ON p.id = a.person_id
        WHERE a.term_id = %s AND {entitlement_approved("a")} AND p.id_number IS NULL
        GROUP BY a.person_id
        """,
        [term],
    )


def _age_anomaly(reference_date: str) -> None:
    ref = int(reference_date.replace("-", ""))
    birth = (
        "CASE WHEN p.id_number IS NOT NULL THEN CAST(substr(p.id_number, 7, 8) AS INTEGER)"
        " ELSE CAST(substr(p.student_no, 8, 8) AS INTEGER) END"
    )
    ranges = " ".join(
        f"WHEN '{stage}' THEN CASE WHEN age < {low} OR age > {high} THEN '{low}–{high}' END"
        for stage, (low, high) in AGE_RANGES.items()
    )
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.AGE_ANOMALY}', person_id, '', school_id, county,
            CAST(age AS TEXT) || '岁，就读' || stage_word || '（应为' || expected || '岁）'
        FROM (SELECT x.person_id, x.school_id, x.county, x.age, {stage_words("x")} AS stage_word,
                  CASE x.stage {ranges} END AS expected
              FROM (SELECT x.person_id, x.school_id, x.county, x.stage,
                        ({ref} - {birth}) / 10000 AS age
                    FROM au_enrolled x JOIN registry_person p ON p.id = x.person_id) x) aged
        WHERE expected IS NOT NULL
        """
    )

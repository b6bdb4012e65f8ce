"""The checks that judge approved lists by the catalogue version each was approved under
(cli.md "Audit checks"): INELIGIBLE, AMOUNT_MISMATCH and EXCLUSIVE_CONFLICT. Lists approved
under the newest version are judged by aid's QUALIFYING, those approved under an older one by
its QUALIFYING_BY_VERSION (both built by aid's judging_build)."""

from __future__ import annotations

from zizhu.aid.published_sql import QUALIFYING, QUALIFYING_BY_VERSION, entitlement_approved
from zizhu.aid.services import Judging
from zizhu.audit.constants import Check
from zizhu.core import bulk
from zizhu.registry.published_sql import enrolled_in_term

_IS_ENROLLED = enrolled_in_term("x")
_APPROVED = entitlement_approved("a")
_INSERT = "INSERT INTO au_found (check_code, person_id, program, school, county, detail) "
# An approved entitlement's catalogue version (joins aid_approval ap and the version cv);
# approvals made before versions were kept are judged by the newest (the parameter).
_APPROVED_UNDER = """
    JOIN aid_approval ap ON ap.id = a.approval_id
    LEFT JOIN aid_catalogueversion cv ON cv.id = ap.catalogue_version_id
"""
# Judged by the newest (two parameters: its version): QUALIFYING; by an older one:
# QUALIFYING_BY_VERSION.
_BY_NEWEST = "COALESCE(cv.version, %s) = %s"
_QUALIFIES = f"""CASE WHEN {_BY_NEWEST}
    THEN EXISTS (SELECT 1 FROM {QUALIFYING} p WHERE p.person_id = a.person_id
                 AND p.program = a.program)
    ELSE EXISTS (SELECT 1 FROM {QUALIFYING_BY_VERSION} j WHERE j.person_id = a.person_id
                 AND j.program = a.program AND j.version = cv.version) END"""


def judged_checks(term: str, judging: Judging, newest: int) -> None:
    _ineligible(term, newest)
    _amount_mismatch(term, newest)
    _exclusive_conflict(term, judging, newest)


def _ineligible(term: str, newest: int) -> None:
    bulk.execute(
        _INSERT
        + f"""
        SELECT '{Check.INELIGIBLE}', a.person_id, a.program, a.school_id, a.county_id,
            '名单已审批，但按现行名单和学籍已不符合条件（原依据：' || a.rule || '）'
        FROM aid_entitlement a {_APPROVED_UNDER}
        WHERE a.term_id = %s AND {_APPROVED}
          AND EXISTS (SELECT 1 FROM registry_enrolment x
                      WHERE x.person_id = a.person_id AND {_IS_ENROLLED})
          AND NOT ({_QUALIFIES})
        """,
        [term, term, newest, newest],
    )


def _amount_mismatch(term: str, newest: int) -> None:
    approved, standard = bulk.yuan_text("a.amount_fen"), bulk.yuan_text("j.amount_fen")
    judged = [
        (QUALIFYING, f"AND {_BY_NEWEST}", [newest, newest]),
        (
            QUALIFYING_BY_VERSION,
            f"AND NOT {_BY_NEWEST} AND j.version = cv.version",
            [newest, newest],
        ),
    ]
    for table, which, params in judged:
        bulk.execute(
            _INSERT
            + f"""
            SELECT '{Check.AMOUNT_MISMATCH}', a.person_id, a.program, a.school_id, a.county_id,
                '已审批 ' || {approved} || ' 元，现行标准 ' || {standard} || ' 元（' || j.rule
                || '）'
            FROM aid_entitlement a {_APPROVED_UNDER}
            JOIN {table} j ON j.person_id = a.person_id AND j.program = a.program {which}
            WHERE a.term_id = %s AND {_APPROVED} AND a.amount_fen <> j.amount_fen
            """,
            [*params, term],
        )


def _exclusive_conflict(term: str, judging: Judging, newest: int) -> None:
    """Pairs that exclude each other under the version the later program's list was approved
    under; the finding names the later program."""
    for number, policy in judging.versions.items():
        for earlier, later in policy.exclusive_pairs():
            bulk.execute(
                _INSERT
                + f"""
                SELECT '{Check.EXCLUSIVE_CONFLICT}', b.person_id, b.program, b.school_id,
                    b.county_id,
                    '与互斥项目 ' || a.program || ' 同时审批'
                FROM aid_entitlement b JOIN aid_entitlement a
                  ON a.term_id = b.term_id AND a.person_id = b.person_id AND a.program = %s
                JOIN aid_approval ap ON ap.id = b.approval_id
                LEFT JOIN aid_catalogueversion cv ON cv.id = ap.catalogue_version_id
                WHERE b.term_id = %s AND b.program = %s
                  AND {_APPROVED} AND {entitlement_approved("b")}
                  AND COALESCE(cv.version, %s) = %s
                """,
                [earlier.code, term, later.code, newest, number],
            )

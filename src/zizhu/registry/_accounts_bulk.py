"""Correcting many payee accounts at once (after a bank return), set-based and audited.

The roster re-import corrects accounts too, but only by sending a school's whole roster
again; this path changes just the accounts given, records each change as a RosterChange with
the old and new account, and writes one event, in one transaction.
"""

from __future__ import annotations

import polars as pl
from django.db import transaction

from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.masking import mask_id_number
from zizhu.core.scope import Scope
from zizhu.registry.constants import RosterChangeKind

COLUMNS = ["person_key", "payee_name", "payee_id_number", "account_no", "bank"]


def payee_accounts_correct(
    *, scope: Scope, actor: str, term: str, corrections: pl.DataFrame
) -> int:
    """corrections: person_key (ID number, or 学籍号 where there is none), payee_name,
    payee_id_number, account_no, bank. Every on-roster enrolment of those people in the term
    and in scope takes the new payee (one outside the scope is counted not on the roster).
    Returns how many enrolments changed."""
    frame = corrections.select(
        [pl.col(c).cast(pl.String).fill_null("").str.strip_chars() for c in COLUMNS]
    ).unique("person_key", keep="last")
    bad = frame.filter(
        ~pl.col("account_no").str.contains(r"^[0-9]{12,19}$") | (pl.col("payee_name") == "")
    )
    if bad.height:
        raise Refused(
            Code.ACCOUNT_INVALID,
            f"{bad.height} 条更正无效（收款账号应为12至19位数字，收款人姓名不能为空），"
            f"如：{mask_id_number(bad['person_key'][0])}",
        )
    with transaction.atomic():
        bulk.staging_create("stage_account", [(c, "VARCHAR(100)") for c in COLUMNS])
        bulk.rows_load("stage_account", COLUMNS, frame.iter_rows())
        bulk.execute("CREATE INDEX stage_account_key ON stage_account (person_key)")
        # Each person's on-roster enrolments of the term, found from the corrections outwards
        # (CROSS JOIN keeps SQLite in that order; from the enrolments' side it would scan the
        # whole term): by ID number, or by 学籍号 for people without one.
        bulk.staging_create(
            "stage_account_target", [("person_key", "VARCHAR(100)"), ("enrolment_id", "BIGINT")]
        )
        by_id = "p.id_number = s.person_key"
        by_student_no = "p.id_number IS NULL AND p.student_no = s.person_key"
        in_scope, scope_params = scope.sql(county="e.admin_county_id", school="e.school_id")
        for match in (by_id, by_student_no):
            bulk.execute(
                f"""
                INSERT INTO stage_account_target (person_key, enrolment_id)
                SELECT s.person_key, e.id
                FROM stage_account s CROSS JOIN registry_person p CROSS JOIN registry_enrolment e
                WHERE {match} AND e.person_id = p.id AND e.term_id = %s AND e.on_roster
                  AND {in_scope}
                """,
                [term, *scope_params],
            )
        bulk.execute(
            """
            CREATE TEMPORARY TABLE stage_account_change AS
            SELECT t.enrolment_id, s.payee_name, s.payee_id_number, s.account_no, s.bank
            FROM stage_account_target t JOIN stage_account s ON s.person_key = t.person_key
            """
        )
        changed = int(
            bulk.fetch_all(
                """
                SELECT COUNT(*) FROM stage_account_change s JOIN registry_enrolment e
                  ON e.id = s.enrolment_id
                WHERE e.account_no <> s.account_no OR e.payee_name <> s.payee_name
                   OR e.payee_id_number <> s.payee_id_number OR e.bank <> s.bank
                """
            )[0][0]
        )
        missing = int(
            bulk.fetch_all(
                "SELECT COUNT(*) FROM stage_account s WHERE NOT EXISTS"
                " (SELECT 1 FROM stage_account_target t WHERE t.person_key = s.person_key)"
            )[0][0]
        )
        event = event_record(
            actor=actor,
            action="registry.accounts_correct",
            subject=term,
            counts={"given": frame.height, "changed": changed, "not_on_roster": missing},
        )
        bulk.execute(
            f"""
            INSERT INTO registry_rosterchange
                (event_id, enrolment_id, kind, fields, old_account, new_account)
            SELECT %s, e.id, '{RosterChangeKind.CHANGED}',
                CASE WHEN e.payee_name <> s.payee_name THEN 'payee_name,' ELSE '' END
                || CASE WHEN e.payee_id_number <> s.payee_id_number
                        THEN 'payee_id_number,' ELSE '' END
                || CASE WHEN e.account_no <> s.account_no THEN 'account_no,' ELSE '' END
                || CASE WHEN e.bank <> s.bank THEN 'bank,' ELSE '' END,
                e.account_no, s.account_no
            FROM stage_account_change s JOIN registry_enrolment e ON e.id = s.enrolment_id
            WHERE e.account_no <> s.account_no OR e.payee_name <> s.payee_name
               OR e.payee_id_number <> s.payee_id_number OR e.bank <> s.bank
            """,
            [event.pk],
        )
        bulk.execute(
            """
            UPDATE registry_enrolment SET payee_name = s.payee_name,
                payee_id_number = s.payee_id_number, account_no = s.account_no, bank = s.bank,
                event_id = %s
            FROM stage_account_change s WHERE s.enrolment_id = registry_enrolment.id
              AND (registry_enrolment.account_no <> s.account_no
                   OR registry_enrolment.payee_name <> s.payee_name
                   OR registry_enrolment.payee_id_number <> s.payee_id_number
                   OR registry_enrolment.bank <> s.bank)
            """,
            [event.pk],
        )
        for table in ("stage_account", "stage_account_target", "stage_account_change"):
            bulk.execute(f"DROP TABLE {table}")
    return changed

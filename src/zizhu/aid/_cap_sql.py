"""The yearly cap (cli.md "Years and places"), as two set-based statements over `ent_pick`.

Per student and calendar year, over all programs: the earlier terms of the year count first
(their approved entitlements, as they stand), then this term's programs in the catalogue's
order. An entitlement that would take the year over the cap is cut to what remains; one with
nothing left is `capped` (amount 0, its reason in `cap_reason`). A running sum over a window,
never a loop over students.
"""

from __future__ import annotations

from zizhu.aid._status_sql import APPROVED
from zizhu.core import bulk
from zizhu.core.money import fen_to_yuan


def cap_apply(*, term: str, year: int, cap_fen: int) -> None:
    bulk.execute(
        f"""
        CREATE TEMPORARY TABLE ent_prior AS
        SELECT a.person_id, CAST(SUM(a.amount_fen) AS BIGINT) AS fen
        FROM aid_entitlement a JOIN registry_term t ON t.code = a.term_id
        WHERE t.year = %s AND a.term_id < %s AND a.status = {APPROVED}
        GROUP BY a.person_id
        """,
        [year, term],
    )
    bulk.execute("CREATE INDEX ent_prior_person ON ent_prior (person_id)")
    # before_fen: what the student's year would hold, uncut, when this entitlement's turn
    # comes; once it passes the cap, what the year holds is the cap (or more, when earlier
    # terms were approved under a higher one).
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_run AS
        SELECT p.person_id, p.program, COALESCE(pr.fen, 0) AS prior_fen,
            CAST(%s AS BIGINT) AS cap_fen,
            CAST(COALESCE(pr.fen, 0) + SUM(p.amount_fen) OVER (
                PARTITION BY p.person_id ORDER BY p.program_order
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - p.amount_fen AS BIGINT)
                AS before_fen
        FROM ent_pick p LEFT JOIN ent_prior pr ON pr.person_id = p.person_id
        """,
        [cap_fen],
    )
    bulk.analyze("ent_prior", "ent_run")
    cap_text = fen_to_yuan(cap_fen)
    before = bulk.yuan_text(
        "CASE WHEN r.before_fen <= r.cap_fen THEN r.before_fen"
        " WHEN r.prior_fen > r.cap_fen THEN r.prior_fen ELSE r.cap_fen END"
    )
    bulk.execute(
        f"""
        UPDATE ent_pick SET
            amount_fen = CASE WHEN r.before_fen >= %s THEN 0 ELSE %s - r.before_fen END,
            capped = CASE WHEN r.before_fen >= %s THEN 1 ELSE 0 END,
            rule = CASE WHEN r.before_fen >= %s THEN ent_pick.rule
                        ELSE substr(ent_pick.rule || '（按年度上限核减）', 1, 200) END,
            cap_reason = CASE WHEN r.before_fen >= %s
                THEN '本年度资助已达上限 ' || %s || ' 元（本年已享受 ' || {before} || ' 元）'
                ELSE '' END
        FROM ent_run r
        WHERE r.person_id = ent_pick.person_id AND r.program = ent_pick.program
          AND r.before_fen + ent_pick.amount_fen > %s
        """,
        [cap_fen, cap_fen, cap_fen, cap_fen, cap_fen, cap_text, cap_fen],
    )

"""What the background steps that change many rows would touch, shown before they start
(计算名单: today's lists; 生成批次: the approved entitlements not yet paid), by program, in
the user's scope. The same figures, read again when the step is asked for, must still be
what the person saw."""

from __future__ import annotations

from zizhu.aid.selectors import program_names, progress_by_county_program
from zizhu.core.scope import Scope
from zizhu.core.tally import NOTHING, Tally
from zizhu.payments.selectors import disbursement


def lists_today(*, scope: Scope, term: str) -> list[tuple[str, Tally]]:
    names = program_names(term=term)
    totals: dict[str, Tally] = {}
    for row in progress_by_county_program(scope=scope, term=term):
        totals[row.program] = totals.get(row.program, NOTHING) + Tally(row.students, row.amount_fen)
    return [(names.get(code, code), totals[code]) for code in names if code in totals]


def unpaid_today(*, scope: Scope, term: str) -> list[tuple[str, Tally]]:
    names = program_names(term=term)
    lines = []
    for line in disbursement(scope=scope, term=term).programs:
        unpaid = Tally(line.due - line.paid, line.due_amount_fen - line.paid_amount_fen)
        if unpaid.count:
            lines.append((names.get(line.program or "", line.program or ""), unpaid))
    return lines

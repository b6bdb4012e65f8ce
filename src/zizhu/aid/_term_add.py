"""`zizhu term add`: a term, added or changed while no list of it is approved.

Terms are the registry's, but whether one may still change depends on the lists approved in
it, so the service that changes terms sits in the aid area, above both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zizhu.aid.models import Approval
from zizhu.core import bulk
from zizhu.core.events import event_record
from zizhu.registry.services import term_write


@dataclass(frozen=True)
class TermAdd:
    term: str
    name: str
    reference_date: dt.date
    payment_due: dt.date
    status: str  # "added", "changed" or "unchanged"

    def as_json(self) -> dict[str, Any]:
        """cli.md's `term add` shape."""
        return {
            "term": self.term, "name": self.name,
            "reference_date": self.reference_date.isoformat(),
            "payment_due": self.payment_due.isoformat(), "status": self.status,
        }  # fmt: skip


def term_add(
    *, code: str, name: str, reference_date: dt.date, payment_due: dt.date, actor: str
) -> TermAdd:
    """Add the term; the same values again are "unchanged"; other values change it unless a
    list of it is approved (refused, TERM_LOCKED)."""
    with transaction.atomic():
        if bulk.vendor() == "postgresql":  # an approval at once must not slip past the check
            bulk.execute("LOCK TABLE aid_approval IN SHARE ROW EXCLUSIVE MODE")
        status = term_write(
            code=code, name=name, reference_date=reference_date, payment_due=payment_due,
            may_change=not Approval.objects.filter(term_id=code).exists(),
        )  # fmt: skip
        result = TermAdd(code, name.strip(), reference_date, payment_due, status)
        if status != "unchanged":
            event_record(
                actor=actor,
                action="registry.term_add",
                subject=code,
                counts={status: 1},
                detail=result.as_json(),
            )
    return result

"""The audit area's writes: run the checks over a term; hand a finding to a school, answer
it, resolve it with a note."""

from zizhu.audit._audit import (
    AuditResult,
    FindingRow,
    audit,
    open_findings,
)
from zizhu.audit._handling import finding_answer, finding_hand, finding_resolve

__all__ = [
    "AuditResult",
    "FindingRow",
    "audit",
    "finding_answer",
    "finding_hand",
    "finding_resolve",
    "open_findings",
]

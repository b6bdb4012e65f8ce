"""The audit area's writes: run the checks over a term; resolve a finding with a note."""

from zizhu.audit._audit import (
    AuditResult,
    FindingRow,
    audit,
    finding_resolve,
    open_findings,
)

__all__ = [
    "AuditResult",
    "FindingRow",
    "audit",
    "finding_resolve",
    "open_findings",
]

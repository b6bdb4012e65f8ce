"""The aid area's writes: entitlements for a term, school review, publicity, approval."""

from zizhu.aid._approve import ListApproval, approve, publicity_record
from zizhu.aid._entitle import (
    EntitleSummary,
    ProgramTotal,
    Qualifying,
    entitle,
    qualifying_build,
    qualifying_drop,
)
from zizhu.aid._review import (
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
)

__all__ = [
    "EntitleSummary",
    "ListApproval",
    "ProgramTotal",
    "Qualifying",
    "approve",
    "entitle",
    "entitlement_add",
    "entitlement_exclude",
    "entitlements_confirm",
    "publicity_record",
    "qualifying_build",
    "qualifying_drop",
]

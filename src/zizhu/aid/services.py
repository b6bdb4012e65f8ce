"""The aid area's writes: entitlements for a term, the review of draft lists (school and
county), publicity (公示) and approval."""

from zizhu.aid._approve import ListApproval, approve
from zizhu.aid._entitle import (
    EntitleSummary,
    ProgramTotal,
    Qualifying,
    entitle,
    qualifying_build,
    qualifying_drop,
)
from zizhu.aid._publicity import publicity_correct, publicity_record, publicity_withdraw
from zizhu.aid._review import (
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
)
from zizhu.aid._send_back import list_send_back

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
    "list_send_back",
    "publicity_correct",
    "publicity_record",
    "publicity_withdraw",
    "qualifying_build",
    "qualifying_drop",
]

"""The aid area's writes: policy catalogues and terms, entitlements for a term, the review
of draft lists (school and county), publicity (公示) and approval."""

from zizhu.aid._approve import ListApproval, approve
from zizhu.aid._catalogue_store import CatalogueLoad, catalogue_load
from zizhu.aid._entitle import EntitleSummary, ProgramTotal, entitle
from zizhu.aid._judge import Judging, judging_build, judging_drop
from zizhu.aid._publicity import publicity_correct, publicity_record, publicity_withdraw
from zizhu.aid._qualify import Qualifying, picks_build, qualifying_build, qualifying_drop
from zizhu.aid._review import (
    entitlement_add,
    entitlement_exclude,
    entitlements_confirm,
)
from zizhu.aid._send_back import list_send_back
from zizhu.aid._term_add import TermAdd, term_add

__all__ = [
    "CatalogueLoad",
    "EntitleSummary",
    "Judging",
    "ListApproval",
    "ProgramTotal",
    "Qualifying",
    "TermAdd",
    "approve",
    "catalogue_load",
    "entitle",
    "entitlement_add",
    "entitlement_exclude",
    "entitlements_confirm",
    "judging_build",
    "judging_drop",
    "list_send_back",
    "picks_build",
    "publicity_correct",
    "publicity_record",
    "publicity_withdraw",
    "qualifying_build",
    "qualifying_drop",
    "term_add",
]

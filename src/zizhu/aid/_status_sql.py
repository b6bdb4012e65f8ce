"""Entitlement statuses as SQL literals, for aid's own statements: interpolated from the
constants, so that a renamed status cannot silently break a query."""

from __future__ import annotations

from zizhu.aid.constants import EntitlementStatus as Status
from zizhu.core.bulk import sql_list

DRAFT = sql_list(Status.DRAFT)
CONFIRMED = sql_list(Status.CONFIRMED)
EXCLUDED = sql_list(Status.EXCLUDED)
HELD = sql_list(Status.HELD)
APPROVED = sql_list(Status.APPROVED)
CAPPED = sql_list(Status.CAPPED)

# A re-run of entitle may still change these (all but approved).
UNAPPROVED = sql_list(Status.DRAFT, Status.CONFIRMED, Status.HELD, Status.EXCLUDED, Status.CAPPED)
# A re-run withdraws these when they no longer qualify (an exclusion keeps its reason).
WITHDRAWABLE = sql_list(Status.DRAFT, Status.CONFIRMED, Status.HELD, Status.CAPPED)
# A term's lists as counted in its totals.
COUNTED = sql_list(Status.DRAFT, Status.CONFIRMED, Status.APPROVED)
# Not yet reviewed by the school, or confirmed by it.
UNREVIEWED = sql_list(Status.DRAFT, Status.CONFIRMED)

"""Entitlement states, and the states of a list's review and 公示, in one place."""

from __future__ import annotations

from django.db import models


class EntitlementStatus(models.TextChoices):
    DRAFT = "DRAFT", "待审核"  # worked out by `entitle`; the school has not reviewed it
    CONFIRMED = "CONFIRMED", "学校已确认"
    EXCLUDED = "EXCLUDED", "已排除"  # with a reason, by the school or the county (ExcludedBy)
    HELD = "HELD", "暂缓（一人多籍）"  # the person is 在读 at two schools: not paid until resolved
    APPROVED = "APPROVED", "已审批"  # frozen: nothing changes it silently
    # The student's year reached the catalogue's yearly cap: nothing left to pay (amount 0,
    # the reason in exclusion_reason); `entitle` rewrites it like a draft.
    CAPPED = "CAPPED", "已达年度上限"


class ExcludedBy(models.TextChoices):
    SCHOOL = "SCHOOL", "学校已排除"
    COUNTY = "COUNTY", "县区已排除"


class PublicityState(models.TextChoices):
    ACTIVE = "ACTIVE", "有效"
    CORRECTED = "CORRECTED", "已更正"  # replaced by a corrected record
    WITHDRAWN = "WITHDRAWN", "已撤回"


# States `approve` may move to APPROVED, and states `entitle` may rewrite.
APPROVABLE = (EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED)
REWRITABLE = (
    EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED, EntitlementStatus.HELD,
    EntitlementStatus.CAPPED,
)  # fmt: skip
# The rows a list counts (人数, 金额), on every page, export and report: what is or may be
# approved. Excluded, held and capped rows are shown apart, never in the count.
COUNTED = (EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED, EntitlementStatus.APPROVED)

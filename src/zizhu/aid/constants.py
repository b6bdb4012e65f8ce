"""Entitlement states, in one place."""

from __future__ import annotations

from django.db import models


class EntitlementStatus(models.TextChoices):
    DRAFT = "DRAFT", "待审核"  # worked out by `entitle`; the school has not reviewed it
    CONFIRMED = "CONFIRMED", "学校已确认"
    EXCLUDED = "EXCLUDED", "学校已排除"  # with a reason
    HELD = "HELD", "暂缓（一人多籍）"  # the person is 在读 at two schools: not paid until resolved
    APPROVED = "APPROVED", "已审批"  # frozen: nothing changes it silently


# States `approve` may move to APPROVED, and states `entitle` may rewrite.
APPROVABLE = (EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED)
REWRITABLE = (EntitlementStatus.DRAFT, EntitlementStatus.CONFIRMED, EntitlementStatus.HELD)

"""The append-only audit trail shared by every area."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Event(models.Model):
    """One change of state: who did what, when, and how many rows it touched.

    Rows are never updated or deleted: database triggers (see migrations) refuse both.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=255, blank=True, default="")
    counts = models.JSONField(default=dict)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject}"

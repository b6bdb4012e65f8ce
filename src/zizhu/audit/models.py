"""Audit findings: one per check, person and program in a term, open until resolved."""

from __future__ import annotations

from django.db import models

from zizhu.audit.constants import FindingStatus


class Finding(models.Model):
    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    check_code = models.CharField(max_length=20)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, db_index=False)
    program = models.CharField(max_length=20, blank=True, default="")  # "" where none
    school = models.CharField(max_length=10, blank=True, default="")
    county = models.CharField(max_length=6, blank=True, default="")
    # The facts found, in words; a resolved finding reopens when they change.
    detail = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    found_event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")
    resolved_by = models.CharField(max_length=150, blank=True, default="")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "check_code", "person", "program"], name="uniq_finding"
            )
        ]
        indexes = [
            models.Index(fields=["term", "status", "check_code"], name="finding_term_status")
        ]

"""Audit findings: one per check, person and program in a term, open until resolved, with
their history (handed to a school, answered, resolved, reopened, cleared)."""

from __future__ import annotations

from django.db import models

from zizhu.audit.constants import FindingNoteKind, FindingStatus


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
    # The school a county handed the finding to (its 学校标识码), "" while none: that school
    # sees the finding and may answer it; the notes below say who handed it and what it said.
    handed_school = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "check_code", "person", "program"], name="uniq_finding"
            )
        ]
        indexes = [
            models.Index(fields=["term", "status", "check_code"], name="finding_term_status"),
            # A school's handed findings: few rows, so only those are indexed.
            models.Index(
                fields=["handed_school", "term"],
                name="finding_handed",
                condition=~models.Q(handed_school=""),
            ),
        ]


class FindingNote(models.Model):
    """One step of a finding's history. Rows are only ever added: a finding that reopens or
    is handed again keeps what was said before."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=10, choices=FindingNoteKind.choices)
    school = models.CharField(max_length=10, blank=True, default="")  # HANDED, ANSWERED
    actor = models.CharField(max_length=150)
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True, default="")
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")

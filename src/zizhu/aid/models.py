"""Aid lists: one entitlement per person, program and term, from draft to approved."""

from __future__ import annotations

from django.db import models

from zizhu.aid.constants import EntitlementStatus


class Approval(models.Model):
    """A county's approval of one program's list for a term (after its 公示)."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    program = models.CharField(max_length=20)
    publicity_start = models.DateField()
    approved_by = models.CharField(max_length=150)
    approved_at = models.DateTimeField()
    count = models.PositiveIntegerField()
    amount_fen = models.BigIntegerField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")


class Publicity(models.Model):
    """A 公示 of a county's list for a program (or for every program when program is '')."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    program = models.CharField(max_length=20, blank=True, default="")
    start_date = models.DateField()
    on_paper = models.BooleanField(default=False)  # held outside the system, date given
    recorded_by = models.CharField(max_length=150)
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")


class Entitlement(models.Model):
    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, db_index=False)
    program = models.CharField(max_length=20)
    # The enrolment it is paid through (school, county, payee account).
    enrolment = models.ForeignKey(
        "registry.Enrolment", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, db_index=False)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT, db_index=False)
    amount_fen = models.BigIntegerField()
    status = models.CharField(
        max_length=10, choices=EntitlementStatus.choices, default=EntitlementStatus.DRAFT
    )
    rule = models.CharField(max_length=200)  # the catalogue's amount rule that applied
    catalogue = models.CharField(max_length=100)  # which catalogue file and version
    manual = models.BooleanField(default=False)  # 补录 by the school, with evidence
    evidence = models.CharField(max_length=500, blank=True, default="")
    exclusion_reason = models.CharField(max_length=500, blank=True, default="")
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, null=True, blank=True)
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program", "term"], name="uniq_entitlement_person_program_term"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gte=0), name="amount_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["term", "county", "program", "status"], name="entitlement_list"),
            models.Index(fields=["term", "school", "program"], name="entitlement_school"),
        ]


class EntitlementEvidence(models.Model):
    """The grounds of an approved entitlement, frozen at approval: the categories (list rows)
    and the school's 认定 it rested on."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="grounds")
    category = models.CharField(max_length=20, blank=True, default="")
    source_record = models.ForeignKey(
        "sources.SourceRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hardship_level = models.CharField(max_length=10, blank=True, default="")

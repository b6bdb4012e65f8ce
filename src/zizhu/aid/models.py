"""Aid lists: one entitlement per person, program and term, from draft to approved."""

from __future__ import annotations

from django.db import models

from zizhu.aid.constants import EntitlementStatus, ExcludedBy, PublicityState


class CatalogueVersion(models.Model):
    """A policy catalogue file as loaded (`zizhu catalogue load`): numbered 1, 2, … in the
    order loaded, with who loaded it, when, its file's sha256 and its whole text, so that the
    policy any list was approved under can be shown and applied again later."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=100)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    loaded_by = models.CharField(max_length=150)
    loaded_at = models.DateTimeField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")


class CatalogueTerm(models.Model):
    """A term a version names. The version in force for a term is the newest naming it."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "version"], name="uniq_catalogue_term")
        ]


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
    # The 公示 it relied on (none for approvals made before 公示 were checked so).
    publicity = models.ForeignKey(
        "Publicity", on_delete=models.PROTECT, null=True, blank=True, related_name="approvals"
    )
    # Rows approved without their school's confirmation, by the county's explicit choice.
    unconfirmed = models.PositiveIntegerField(default=0)
    # The catalogue the list was approved under: the audit judges the list by it for good.
    # Empty only for approvals made before catalogues were versions in the database.
    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class Publicity(models.Model):
    """A 公示 of a county's list for a program (or for every program when program is '').

    A record is never changed but by closing it: corrected (a new record replaces it) or
    withdrawn, each an event, and only while no approval relies on it."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    program = models.CharField(max_length=20, blank=True, default="")
    start_date = models.DateField()
    on_paper = models.BooleanField(default=False)  # held outside the system, date given
    recorded_by = models.CharField(max_length=150)
    # The day it was recorded: a start before it is a 公示 held on paper before it was told.
    recorded_on = models.DateField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=10, choices=PublicityState.choices, default=PublicityState.ACTIVE
    )
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    # For a correction: the record first told. A correction keeps its place in time (its
    # recorded_on, and its order against the list's changes): correcting a date does not make
    # a 公示 newer than a change made after it was first recorded.
    origin = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_by = models.CharField(max_length=150, blank=True, default="")
    closed_note = models.CharField(max_length=500, blank=True, default="")
    closed_event = models.ForeignKey(
        "core.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["term", "county", "state"], name="publicity_list")]


class ListChange(models.Model):
    """The newest change to any row of one list (a county's program for a term): entitle,
    confirm, exclude, 补录 or send back. A 公示 counts only if it began after it."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    program = models.CharField(max_length=20)
    action = models.CharField(max_length=64)
    changed_at = models.DateTimeField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "county", "program"], name="uniq_list_change")
        ]


class SendBack(models.Model):
    """A county sent a school's part of a list back with a note: the school's rows went back
    to draft, and the school has it to do until it confirms the list again."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT)
    program = models.CharField(max_length=20)
    note = models.CharField(max_length=500)
    count = models.PositiveIntegerField()  # rows that went back to draft
    sent_by = models.CharField(max_length=150)
    sent_at = models.DateTimeField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")
    answered_by = models.CharField(max_length=150, blank=True, default="")
    answered_event = models.ForeignKey(
        "core.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["term", "school", "program"], name="sendback_school")]


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
    # A database default too: `entitle` inserts rows in plain SQL.
    excluded_by = models.CharField(
        max_length=10, choices=ExcludedBy.choices, blank=True, default="", db_default=""
    )
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

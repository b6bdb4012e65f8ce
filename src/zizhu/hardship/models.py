"""Each student's categories and hardship level for a term, with the evidence they rest on."""

from __future__ import annotations

from django.db import models


class NameConfirmation(models.Model):
    """An officer's word that a list record and a student with the same ID number but a
    different name are one person (NAME_MISMATCH reviewed). It holds for every list version
    that gives the same pair of names."""

    id_number = models.CharField(max_length=18)
    list_name = models.CharField(max_length=50)
    student_name = models.CharField(max_length=50)
    confirmed_by = models.CharField(max_length=150)
    confirmed_at = models.DateTimeField()
    note = models.CharField(max_length=255, blank=True, default="")
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "list_name", "student_name"], name="uniq_name_confirmation"
            )
        ]


class StudentCategory(models.Model):
    """A category a student holds for a term, and the list row that says so."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, db_index=False)
    category = models.CharField(max_length=20)  # a code of sources.lists.category_labels()
    source_record = models.ForeignKey(
        "sources.SourceRecord", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        indexes = [models.Index(fields=["term", "person"], name="category_term_person")]


class NameMismatch(models.Model):
    """A list record in force whose ID matches a student of the term but whose name does
    not, not yet confirmed: it gives no category until an officer confirms it."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, db_index=False)
    source_record = models.ForeignKey(
        "sources.SourceRecord", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    list_name = models.CharField(max_length=50)
    student_name = models.CharField(max_length=50)

    class Meta:
        indexes = [models.Index(fields=["term", "person"], name="mismatch_term_person")]


class StudentHardship(models.Model):
    """A student's hardship level for a term. Students with no category and no 认定 have no
    row: they are not in hardship."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, db_index=False)
    level = models.CharField(max_length=10)  # SPECIAL / HARDSHIP / GENERAL / NONE
    has_category = models.BooleanField()
    assessed_level = models.CharField(max_length=10, blank=True, default="")  # best 认定
    # A school said 不困难 for a student with a category (CATEGORY_CONFLICT; the category wins).
    conflict = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "person"], name="uniq_hardship_term_person")
        ]

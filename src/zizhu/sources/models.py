"""Department lists, kept as versions with their provenance, and schools' own 认定."""

from __future__ import annotations

from django.db import models

from zizhu.sources.constants import HardshipLevel


class SourceList(models.Model):
    """One version of one department's list for one county (建档立卡: and one 年度).

    A new import makes a new version; the old ones stay so any past decision can be traced.
    """

    kind = models.CharField(max_length=12)  # a DepartmentList's kind (sources/lists.py)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # 建档立卡 年度 only
    version = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT)
    record_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "county", "year", "version"], name="uniq_source_list_version"
            ),
            # NULLs are distinct in a unique constraint, so lists without a 年度 need their own.
            models.UniqueConstraint(
                fields=["kind", "county", "version"],
                condition=models.Q(year__isnull=True),
                name="uniq_source_list_version_no_year",
            ),
        ]


class SourceRecord(models.Model):
    """One row of one list version, with the row number it had in its file."""

    # Indexed by the composite index below, which leads with it.
    source_list = models.ForeignKey(
        SourceList, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    row_no = models.PositiveIntegerField()
    id_number = models.CharField(max_length=18, db_index=True)
    name = models.CharField(max_length=50)
    # 建档立卡: PovertyStatus; 民政: CivilCategory; 残疾人: DisabilityGrade.
    category = models.CharField(max_length=20)
    start_date = models.DateField(null=True, blank=True)  # 民政 only
    end_date = models.DateField(null=True, blank=True)  # 民政 only; NULL: still in force
    household_no = models.CharField(max_length=50, blank=True, default="")
    head_name = models.CharField(max_length=50, blank=True, default="")
    head_id_number = models.CharField(max_length=18, blank=True, default="")
    relation = models.CharField(max_length=20, blank=True, default="")
    certificate_no = models.CharField(max_length=20, blank=True, default="")
    disability_type = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        # A new file is compared record by record with its list's newest version.
        indexes = [models.Index(fields=["source_list", "id_number"], name="source_record_list_id")]


class HardshipAssessment(models.Model):
    """A school's 认定 of one student for one term; a re-import replaces the school's term."""

    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT)
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT)
    level = models.CharField(max_length=10, choices=HardshipLevel.choices)
    basis = models.CharField(max_length=255, blank=True, default="")
    row_no = models.PositiveIntegerField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "school", "person"], name="uniq_assessment_term_school_person"
            )
        ]

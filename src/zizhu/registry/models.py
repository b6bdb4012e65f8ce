"""The registry: regions, terms, schools, people, enrolments per term, payee accounts."""

from __future__ import annotations

from django.db import models

from zizhu.registry.constants import EnrolmentStatus, Locale, Ownership, RosterChangeKind, Stage


class City(models.Model):
    """The city whose aid this system administers: the one row of the 行政区划 file whose code
    ends in 00 (at most one row; `zizhu region load`)."""

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Region(models.Model):
    """A GB/T 2260 county of the city, whose schools or students this system administers."""

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Term(models.Model):
    """A semester: `2019-1` is spring 2019, `2019-2` autumn 2019."""

    code = models.CharField(max_length=7, primary_key=True)
    name = models.CharField(max_length=30, unique=True)
    year = models.PositiveSmallIntegerField()
    half = models.PositiveSmallIntegerField()  # 1 spring, 2 autumn
    reference_date = models.DateField()  # decides which department lists are in force
    payment_due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    code = models.CharField(max_length=10, primary_key=True)  # 学校标识码
    name = models.CharField(max_length=100)
    # The county that administers the school's aid; a 高校 may be anywhere in China, so this
    # is a plain GB/T 2260 code rather than a link to an administered Region.
    county_code = models.CharField(max_length=6, db_index=True)
    stages = models.CharField(max_length=100)  # Stage values joined by ";"
    ownership = models.CharField(max_length=10, choices=Ownership.choices)
    locale = models.CharField(max_length=10, choices=Locale.choices, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SchoolFee(models.Model):
    """A 普通高中 school's fee per term; from_term NULL means every term."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="fees")
    from_term = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True)
    fee_fen = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "from_term"], name="uniq_school_fee_term"),
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(from_term__isnull=True),
                name="uniq_school_fee_all_terms",
            ),
        ]


class Person(models.Model):
    """One person per ID number; a student with no ID number is known by 学籍号."""

    id_number = models.CharField(max_length=18, null=True, blank=True, unique=True)
    student_no = models.CharField(max_length=19, null=True, blank=True, unique=True)
    name = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id_number__isnull=False) | models.Q(student_no__isnull=False),
                name="person_has_identifier",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A person on a school's roster for a term, with the payee account in force."""

    # Single-column FK indexes are left out where a composite index below already leads with
    # the column: at a city's scale every extra index costs seconds on each roster import.
    term = models.ForeignKey(Term, on_delete=models.PROTECT, db_index=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, db_index=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", db_index=False
    )
    # The county that administers this student's aid: the school's, or for 高校 the 户籍's.
    admin_county = models.ForeignKey(Region, on_delete=models.PROTECT, db_index=False)
    # False once a later roster of the school left the student out; rows are never deleted.
    on_roster = models.BooleanField(default=True)
    student_no = models.CharField(max_length=19, blank=True, default="")
    name = models.CharField(max_length=50)
    sex = models.CharField(max_length=1, blank=True, default="")  # 男 / 女
    stage = models.CharField(max_length=12, choices=Stage.choices)
    grade = models.PositiveSmallIntegerField()  # 学前: 1 小班, 2 中班, 3 大班
    class_name = models.CharField(max_length=50, blank=True, default="")
    boarding = models.BooleanField(default=False)
    hukou_code = models.CharField(max_length=6)
    hukou_rural = models.BooleanField(null=True)  # None: 户口性质 not given
    status = models.CharField(
        max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    major = models.CharField(max_length=100, blank=True, default="")
    agri_major = models.BooleanField(default=False)
    payee_name = models.CharField(max_length=50, blank=True, default="")
    payee_id_number = models.CharField(max_length=18, blank=True, default="")
    account_no = models.CharField(max_length=19, blank=True, default="")
    bank = models.CharField(max_length=100, blank=True, default="")
    # The import that last wrote this row: which bulk step changed what stays traceable.
    event = models.ForeignKey(
        "core.Event", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "school", "person"], name="uniq_enrolment_term_school_person"
            )
        ]
        indexes = [
            models.Index(fields=["term", "admin_county", "school"], name="enrolment_term_county"),
            # A person's enrolments, with their county: the student search checks a person's
            # county from the index alone, without reading the rows.
            models.Index(fields=["person", "term", "admin_county"], name="enrolment_person_scope"),
            # Each aid program reads one or two stages of a term, not the whole roster.
            models.Index(fields=["term", "stage"], name="enrolment_term_stage"),
            # The audit's shared-account check finds repeated accounts in this index's order
            # (account first, so that scans of a term keep using the indexes above).
            models.Index(fields=["account_no", "term"], name="enrolment_account_term"),
        ]


class RosterChange(models.Model):
    """Who joined, left or changed when a school's roster for a term was imported again."""

    event = models.ForeignKey("core.Event", on_delete=models.PROTECT)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT)
    kind = models.CharField(max_length=8, choices=RosterChangeKind.choices)
    fields = models.CharField(max_length=255, blank=True, default="")  # changed columns, ","
    old_account = models.CharField(max_length=19, blank=True, default="")
    new_account = models.CharField(max_length=19, blank=True, default="")

"""生源地信用助学贷款 contracts."""

from __future__ import annotations

from django.db import models

from zizhu.loans.constants import LoanLevel


class Loan(models.Model):
    """One contract for one student and school year, as the county aid centre last sent it."""

    contract_no = models.CharField(max_length=50, unique=True)
    school_year = models.CharField(max_length=9)  # "2019-2020"
    start_year = models.PositiveSmallIntegerField()  # the year the loan counts in
    name = models.CharField(max_length=50)
    id_number = models.CharField(max_length=18)
    hukou_code = models.CharField(max_length=6)  # the county that handles the loan
    university = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=LoanLevel.choices)
    amount_fen = models.BigIntegerField()
    disbursed_on = models.DateField(null=True, blank=True)
    # The import that last added or changed the contract.
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "school_year"], name="uniq_loan_person_school_year"
            ),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="loan_positive"),
        ]
        indexes = [models.Index(fields=["start_year", "hukou_code"])]


class LoanCap(models.Model):
    """The highest amount of one contract for a level of study, from the school year that
    starts in `from_year` until the next row's. The rows are those of the newest loaded policy
    catalogue that gives loan caps (its `[[loan_caps]]`), replaced whole when another does."""

    from_year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=LoanLevel.choices)
    cap_fen = models.BigIntegerField()
    catalogue_version = models.PositiveIntegerField()  # aid's CatalogueVersion.version

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_year", "level"], name="uniq_loan_cap"),
            models.CheckConstraint(condition=models.Q(cap_fen__gt=0), name="loan_cap_positive"),
        ]

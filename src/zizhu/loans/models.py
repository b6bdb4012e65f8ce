"""生源地信用助学贷款 contracts."""

from __future__ import annotations

from django.db import models


class Loan(models.Model):
    contract_no = models.CharField(max_length=50, unique=True)
    school_year = models.CharField(max_length=9)  # "2019-2020"
    start_year = models.PositiveSmallIntegerField(db_index=True)  # the year the loan counts in
    name = models.CharField(max_length=50)
    id_number = models.CharField(max_length=18)
    hukou_code = models.CharField(max_length=6)  # the county that handles the loan
    university = models.CharField(max_length=100)
    level = models.CharField(max_length=10)  # 专科 / 本科 / 研究生
    amount_fen = models.BigIntegerField()
    disbursed_on = models.DateField(null=True, blank=True)
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "school_year"], name="uniq_loan_person_school_year"
            ),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="loan_positive"),
        ]

"""Payment batches (one bank file each) and the payments in them, with the bank's answers."""

from __future__ import annotations

from django.db import models

from zizhu.payments.constants import PaymentStatus


class PaymentBatch(models.Model):
    """One bank file: the approved, unpaid entitlements of one county, program and term."""

    batch_no = models.CharField(max_length=40, unique=True)  # P2019-2-440802-SEN_GRANT-001
    term = models.ForeignKey("registry.Term", on_delete=models.PROTECT, db_index=False)
    county = models.ForeignKey("registry.Region", on_delete=models.PROTECT, db_index=False)
    program = models.CharField(max_length=20)
    number = models.PositiveIntegerField()  # 1, 2, … within the term, county and program
    file_path = models.CharField(max_length=1000)
    count = models.PositiveIntegerField()  # the control totals written in the file's 汇总
    amount_fen = models.BigIntegerField()
    reissues = models.PositiveIntegerField(default=0)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "county", "program", "number"], name="uniq_batch_number"
            )
        ]


class Payment(models.Model):
    """One row of a bank file: what was sent, exactly, and what the bank answered."""

    # The (batch, seq) unique index leads with the batch: no index of its own.
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    seq = models.PositiveIntegerField()  # 序号, 1…n within the batch
    entitlement = models.ForeignKey("aid.Entitlement", on_delete=models.PROTECT, related_name="+")
    payee_name = models.CharField(max_length=50)
    payee_id_number = models.CharField(max_length=18, blank=True, default="")
    account_no = models.CharField(max_length=19)
    bank = models.CharField(max_length=100, blank=True, default="")
    amount_fen = models.BigIntegerField()
    student_name = models.CharField(max_length=50)
    student_id = models.CharField(max_length=19)  # ID number, or 学籍号 where there is none
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SENT
    )
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    is_reissue = models.BooleanField(default=False)  # repeats a failed payment
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_event = models.ForeignKey(
        "core.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "seq"], name="uniq_payment_batch_seq"),
            # 不重发: an entitlement is in at most one open batch, and is paid at most once.
            models.UniqueConstraint(
                fields=["entitlement"],
                condition=models.Q(status=PaymentStatus.SENT),
                name="uniq_payment_sent_per_entitlement",
            ),
            models.UniqueConstraint(
                fields=["entitlement"],
                condition=models.Q(status=PaymentStatus.SUCCEEDED),
                name="uniq_payment_paid_per_entitlement",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0), name="payment_amount_positive"
            ),
        ]

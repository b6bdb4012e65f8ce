"""Payment states, in one place."""

from __future__ import annotations

from django.db import models


class PaymentStatus(models.TextChoices):
    SENT = "SENT", "已发送"  # in a bank file, awaiting the bank's answer
    SUCCEEDED = "SUCCEEDED", "成功"
    FAILED = "FAILED", "失败"  # with the bank's reason; goes out again once the account changes


# The bank's words in a 银行回盘 file.
RESULT_WORDS = {"成功": PaymentStatus.SUCCEEDED.value, "失败": PaymentStatus.FAILED.value}

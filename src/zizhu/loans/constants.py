"""Code lists of the loans area (values stored, labels shown)."""

from __future__ import annotations

from django.db import models


class LoanLevel(models.TextChoices):
    """学历层次: the level of study a loan pays for; it decides the cap."""

    ASSOCIATE = "ASSOCIATE", "专科"
    BACHELOR = "BACHELOR", "本科"
    GRADUATE = "GRADUATE", "研究生"

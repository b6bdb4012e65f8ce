"""The values department lists and schools' 认定 carry (the lists themselves are declared in
lists.py)."""

from __future__ import annotations

from django.db import models


class PovertyStatus(models.TextChoices):
    NOT_LIFTED = "NOT_LIFTED", "未脱贫"
    LIFTED_WITH_POLICY = "LIFTED_WITH_POLICY", "已脱贫享受政策"
    LIFTED_NO_POLICY = "LIFTED_NO_POLICY", "已脱贫不享受政策"


class CivilCategory(models.TextChoices):
    URBAN_DIBAO = "URBAN_DIBAO", "城市低保"
    RURAL_DIBAO = "RURAL_DIBAO", "农村低保"
    TEKUN = "TEKUN", "特困供养"
    ORPHAN = "ORPHAN", "孤儿"
    UNSUPPORTED_CHILD = "UNSUPPORTED_CHILD", "事实无人抚养儿童"


class DisabilityGrade(models.TextChoices):
    GRADE_1 = "1", "一级"
    GRADE_2 = "2", "二级"
    GRADE_3 = "3", "三级"
    GRADE_4 = "4", "四级"


class HardshipLevel(models.TextChoices):
    """A school's 认定; ordered from most to least in need."""

    SPECIAL = "SPECIAL", "特别困难"
    HARDSHIP = "HARDSHIP", "困难"
    GENERAL = "GENERAL", "一般困难"
    NONE = "NONE", "不困难"

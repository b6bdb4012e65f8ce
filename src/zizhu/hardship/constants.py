"""Categories a student can hold for a term, from the department lists in force."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    JDLK = "JDLK", "建档立卡"
    URBAN_DIBAO = "URBAN_DIBAO", "城市低保"
    RURAL_DIBAO = "RURAL_DIBAO", "农村低保"
    TEKUN = "TEKUN", "特困供养"
    ORPHAN = "ORPHAN", "孤儿"
    UNSUPPORTED_CHILD = "UNSUPPORTED_CHILD", "事实无人抚养儿童"
    DISABILITY = "DISABILITY", "残疾"


# Hardship levels from most to least in need; NONE is 不困难 (no aid that needs hardship).
LEVELS = ["SPECIAL", "HARDSHIP", "GENERAL"]
LEVEL_LABELS = {"SPECIAL": "特别困难", "HARDSHIP": "困难", "GENERAL": "一般困难", "NONE": "不困难"}

"""Status and code lists of the registry, in one place (values stored, labels shown)."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    PRESCHOOL = "PRESCHOOL", "学前"
    PRIMARY = "PRIMARY", "小学"
    JUNIOR = "JUNIOR", "初中"
    SENIOR = "SENIOR", "普通高中"
    VOCATIONAL = "VOCATIONAL", "中职"
    HIGHER = "HIGHER", "高校"


class Ownership(models.TextChoices):
    PUBLIC = "PUBLIC", "公办"
    PRIVATE = "PRIVATE", "民办"


class Locale(models.TextChoices):
    URBAN = "URBAN", "城区"
    TOWN = "TOWN", "镇区"
    RURAL = "RURAL", "乡村"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "ENROLLED", "在读"
    SUSPENDED = "SUSPENDED", "休学"
    TRANSFERRED = "TRANSFERRED", "转出"
    GRADUATED = "GRADUATED", "毕业"
    DROPPED = "DROPPED", "退学"
    DECEASED = "DECEASED", "死亡"


class RosterChangeKind(models.TextChoices):
    JOINED = "JOINED", "加入"
    LEFT = "LEFT", "离开"
    CHANGED = "CHANGED", "变更"

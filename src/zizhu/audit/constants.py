"""The audit checks of spec/cli.md (不错发、不漏发、不重发) and a finding's states."""

from __future__ import annotations

from django.db import models


class Check(models.TextChoices):
    """The checks, in spec/cli.md's order: the code stored on a finding, and its name."""

    DUP_ENROLLMENT = "DUP_ENROLLMENT", "一人多籍"
    DUP_PAYMENT = "DUP_PAYMENT", "重复发放"
    EXCLUSIVE_CONFLICT = "EXCLUSIVE_CONFLICT", "互斥项目重复享受"
    NOT_ENROLLED = "NOT_ENROLLED", "非在读学生享受资助"
    INELIGIBLE = "INELIGIBLE", "已不符合条件"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH", "金额与标准不符"
    MISSED = "MISSED", "应助未助"
    PAYMENT_FAILED = "PAYMENT_FAILED", "发放失败未补发"
    NAME_MISMATCH = "NAME_MISMATCH", "姓名不一致待核"
    CATEGORY_CONFLICT = "CATEGORY_CONFLICT", "认定与部门名单冲突"
    AGE_ANOMALY = "AGE_ANOMALY", "年龄与学段不符"
    SHARED_ACCOUNT = "SHARED_ACCOUNT", "账户共用异常"
    NO_ID = "NO_ID", "无身份证号享受资助"


# The codes in order, and code -> name: views of Check for the callers that count or name.
CHECKS = [str(c) for c in Check.values]
CHECK_NAMES = {str(code): str(name) for code, name in Check.choices}
# Ages in completed years at the reference date, ends included (spec/cli.md).
AGE_RANGES = {
    "PRESCHOOL": (2, 7),
    "PRIMARY": (5, 15),
    "JUNIOR": (10, 18),
    "SENIOR": (13, 22),
    "VOCATIONAL": (13, 25),
}
MAX_STUDENTS_PER_ACCOUNT = 4


class FindingStatus(models.TextChoices):
    OPEN = "OPEN", "待处理"
    RESOLVED = "RESOLVED", "已处理"  # with a note; comes back only if its facts change
    CLEARED = "CLEARED", "已消除"  # the check no longer finds it


class FindingNoteKind(models.TextChoices):
    """What happened to a finding, in its history (audit_findingnote, append-only)."""

    HANDED = "HANDED", "交学校核查"  # a county handed it to a school, with a note
    ANSWERED = "ANSWERED", "学校答复"  # the school answered, with a note
    RESOLVED = "RESOLVED", "已处理"  # resolved, with a note
    REOPENED = "REOPENED", "重新出现"  # its facts changed after it was resolved or cleared
    CLEARED = "CLEARED", "已消除"  # the checks no longer find it

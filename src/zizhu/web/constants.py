"""Roles and background job states of the web application, in one place (a department
user's department is a department list's kind: sources/lists.py)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CITY = "CITY", "市资助中心"
    COUNTY = "COUNTY", "县区资助办"
    SCHOOL = "SCHOOL", "学校资助专干"
    DEPARTMENT = "DEPARTMENT", "部门名单上传员"
    AUDITOR = "AUDITOR", "审计（只读）"


class JobStatus(models.TextChoices):
    QUEUED = "QUEUED", "排队中"
    RUNNING = "RUNNING", "处理中"
    AWAITING = "AWAITING", "待确认"  # a roster replacement previewed, waiting for the officer
    DONE = "DONE", "已完成"
    REFUSED = "REFUSED", "被拒绝"
    FAILED = "FAILED", "出错"
    CANCELLED = "CANCELLED", "已取消"


class JobKind(models.TextChoices):
    IMPORT = "IMPORT", "导入"
    ENTITLE = "ENTITLE", "计算名单"
    PAY_EXPORT = "PAY_EXPORT", "生成代发批次"
    RETURNS = "RETURNS", "导入银行回盘"
    AUDIT = "AUDIT", "运行审计"
    WHAT_IF = "WHAT_IF", "政策试算"

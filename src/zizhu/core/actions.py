"""The audit trail's vocabulary, in one place: what each event's action, actor and counts
are called in Chinese. Events store the codes (`aid.approve`, `web:county881`); pages show
these words. Every action a service records is listed here (a test reads the code for
`event_record(action=…)` and checks it), so a new action arrives with its name; imports are
named after their kind (`import.students` -> 导入学生名册), since the areas declare the kinds
(zizhu.intake.kinds) and the caller passes their names in."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

IMPORT, IMPORT_REFUSED = "import.", "import.refused."


class Action(models.TextChoices):
    AID_ENTITLE = "aid.entitle", "计算名单"
    AID_CONFIRM = "aid.confirm", "学校确认名单"
    AID_ADD = "aid.add", "补录名单"
    AID_EXCLUDE = "aid.exclude", "排除名单学生"
    AID_SEND_BACK = "aid.send_back", "名单退回学校"
    AID_PUBLICITY = "aid.publicity", "登记公示"
    AID_PUBLICITY_CORRECT = "aid.publicity_correct", "更正公示记录"
    AID_PUBLICITY_WITHDRAW = "aid.publicity_withdraw", "撤回公示记录"
    AID_APPROVE = "aid.approve", "审批名单"
    AID_CATALOGUE_LOAD = "aid.catalogue_load", "载入政策目录"
    AUDIT_RUN = "audit.run", "运行审计"
    AUDIT_HAND = "audit.hand", "审计问题交学校核查"
    AUDIT_ANSWER = "audit.answer", "学校答复审计问题"
    AUDIT_RESOLVE = "audit.resolve", "处理审计问题"
    HARDSHIP_NAME_CONFIRM = "hardship.name_confirm", "确认姓名不一致为同一人"
    PAYMENTS_EXPORT = "payments.export", "生成代发批次"
    REGISTRY_ACCOUNT_CHANGE = "registry.account_change", "更正收款账户"
    REGISTRY_ACCOUNTS_CORRECT = "registry.accounts_correct", "批量更正收款账户"
    REGISTRY_REGION_LOAD = "registry.region_load", "载入行政区划"
    REGISTRY_TERM_ADD = "registry.term_add", "添加或修改学期"
    WEB_LOGIN = "web.login", "登录"
    WEB_LOGIN_LOCKED = "web.login_locked", "登录失败次数过多，已锁定"
    WEB_LOGIN_UNLOCKED = "web.login_unlocked", "解除登录锁定"
    WEB_USER_CREATE = "web.user_create", "创建用户"
    WEB_EXPORT = "web.export", "下载导出文件"
    BENCH_PAYMENTS = "bench.payments", "发放性能测试"


class EventField(models.TextChoices):
    """The counts and the details of events that the audit trail shows, by their keys."""

    ROWS = "rows", "行数"
    ROWS_VALID = "rows_valid", "有效行"
    ACCEPTED = "accepted", "接受"
    UNCHANGED = "unchanged", "未变"
    REJECTED = "rejected", "拒绝"
    ADDED = "added", "新增"
    CHANGED = "changed", "变更"
    REMOVED = "removed", "移除"
    RENAMED = "renamed", "改名"
    GIVEN = "given", "提交"
    NOT_ON_ROSTER = "not_on_roster", "不在名册"
    CONFIRMED = "confirmed", "确认"
    EXCLUDED = "excluded", "排除"
    REOPENED = "reopened", "退回待审核"
    UNCONFIRMED = "unconfirmed", "未经学校确认"
    ENTITLEMENTS = "entitlements", "资助记录"
    LISTS = "lists", "名单"
    SCHOOLS = "schools", "学校"
    BATCHES = "batches", "批次"
    PAYMENTS = "payments", "笔数"
    AMOUNT_FEN = "amount_fen", "金额（元）"  # stored in fen, shown in yuan
    REISSUES = "reissues", "补发"
    NO_ACCOUNT = "no_account", "缺收款账户"
    NO_PAYEE_ID = "no_payee_id", "缺收款人身份证号"
    NO_AMOUNT = "no_amount", "金额为零"
    SUCCEEDED = "succeeded", "成功"
    FAILED = "failed", "失败"
    HANDED = "handed", "交办"
    ANSWERED = "answered", "答复"
    RESOLVED = "resolved", "处理"
    # details
    NOTE = "note", "说明"
    REASON = "reason", "原因"
    SCHOOL = "school", "学校"
    COUNTY = "county", "区县"
    TERM = "term", "学期"
    BATCH = "batch", "批次号"
    PUBLICITY_START = "publicity_start", "公示开始"
    START_DATE = "start_date", "开始日期"
    ON_PAPER = "on_paper", "纸质公示"
    RECORDED_ON = "recorded_on", "登记日"
    CATALOGUE = "catalogue", "政策目录"
    WHAT = "what", "内容"
    ROLE = "role", "角色"
    DEPARTMENT = "department", "部门"
    OLD_ACCOUNT = "old_account", "原收款账号"
    NEW_ACCOUNT = "new_account", "新收款账号"
    NEW_PAYEE_ID = "new_payee_id", "新收款人身份证号"
    STUDENT_NAME = "student_name", "学生姓名"
    LIST_NAME = "list_name", "名单上的姓名"
    IP = "ip", "登录地址"
    FAILURES = "failures", "失败次数"
    MINUTES = "minutes", "锁定分钟数"
    MESSAGE = "message", "拒绝原因"
    PARTIAL = "partial", "部分更正"
    VERSION = "version", "政策目录版本"
    FILE = "file", "文件"
    SHA256 = "sha256", "文件指纹"
    TERMS = "terms", "学期"
    PROGRAMS = "programs", "资助项目"
    NAME = "name", "名称"


# Where an actor acted from: the prefix of the stored actor, and how a page names it.
_DOORS = {"web": "", "cli": "命令行", "demo": "演示"}


def action_words(action: str, *, imports: Mapping[str, str]) -> str:
    """The action's Chinese name; `imports`: the import kinds' names by code. An action the
    vocabulary does not know shows as stored."""
    known = dict(Action.choices).get(action)
    if known is not None:
        return known
    if action.startswith(IMPORT_REFUSED):
        kind = action.removeprefix(IMPORT_REFUSED)
        return f"导入被拒绝：{imports.get(kind, kind)}"
    if action.startswith(IMPORT):
        kind = action.removeprefix(IMPORT)
        return f"导入{imports.get(kind, kind)}"
    return action


def actor_words(actor: str) -> str:
    """`web:county881` -> `county881`; `cli:root` -> `root（命令行）`; others as stored."""
    door, colon, name = actor.partition(":")
    if not colon or door not in _DOORS:
        return actor
    return f"{name}（{_DOORS[door]}）" if _DOORS[door] else name


def field_words(key: str) -> str | None:
    """The Chinese name of an event's count or detail; None for one pages do not show."""
    return dict(EventField.choices).get(key)

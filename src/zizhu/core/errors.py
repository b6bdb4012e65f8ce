"""One family for every refusal: a stable code for programs and tests, a Chinese message for
people.

A service that cannot do what it was asked raises `Refused(Code.X, "…")` and changes nothing.
Both doors map the family in one place each: the command line exits 3 and, with `--json`,
prints `{"code", "message"}`; a background job ends REFUSED with the same two fields. Tests
match the code, never the wording.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """Every refusal the system makes, one stable code each (the gloss is for readers)."""

    # Files (spec/formats.md: a file-level fault refuses the whole file)
    FILE_MISSING = "FILE_MISSING"  # 找不到文件
    FILE_EMPTY = "FILE_EMPTY"  # 文件为空
    FILE_NOT_SPREADSHEET = "FILE_NOT_SPREADSHEET"  # 不是电子表格
    FILE_UNREADABLE = "FILE_UNREADABLE"  # 电子表格已损坏，无法读取
    FILE_ENCODING = "FILE_ENCODING"  # CSV 编码无法识别
    FILE_NO_HEADER = "FILE_NO_HEADER"  # 找不到表头行
    FILE_MISSING_COLUMN = "FILE_MISSING_COLUMN"  # 缺少必填列
    FILE_TOO_LARGE = "FILE_TOO_LARGE"  # 文件、工作表或单元格超出限制
    FILE_TERM = "FILE_TERM"  # 文件中的学期缺失、不止一个或与指定的不一致
    FILE_BATCH_UNKNOWN = "FILE_BATCH_UNKNOWN"  # 回盘文件中的批次号不是已发出的批次
    FILE_CHANGED = "FILE_CHANGED"  # 确认导入时，文件或数据已与预览时不同
    KIND_UNKNOWN = "KIND_UNKNOWN"  # 没有这类导入文件
    # Jurisdiction
    SCOPE_OUTSIDE = "SCOPE_OUTSIDE"  # 超出管辖范围
    SCOPE_NO_STUDENTS = "SCOPE_NO_STUDENTS"  # 该角色不能查看学生记录
    ROLE_FORBIDDEN = "ROLE_FORBIDDEN"  # 该角色不能做这件事
    READ_ONLY = "READ_ONLY"  # 只读用户不能更改数据
    # Places, terms and policy
    REGION_MISSING = "REGION_MISSING"  # 尚未载入行政区划
    REGION_INVALID = "REGION_INVALID"  # 行政区划文件有误
    REGION_IN_USE = "REGION_IN_USE"  # 新的行政区划文件缺少已有数据的区县
    TERM_UNKNOWN = "TERM_UNKNOWN"  # 未知的学期
    TERM_INVALID = "TERM_INVALID"  # 学期代码、名称或日期有误
    TERM_LOCKED = "TERM_LOCKED"  # 学期已有审批的名单，不能修改
    CATALOGUE_INVALID = "CATALOGUE_INVALID"  # 政策目录有误
    CATALOGUE_MISSING = "CATALOGUE_MISSING"  # 学期没有适用的政策目录
    CATALOGUE_OVERLAP = "CATALOGUE_OVERLAP"  # 政策目录与已有版本的学期部分重叠
    CATALOGUE_CALENDAR = "CATALOGUE_CALENDAR"  # 政策目录没有该年的工作日历
    CAP_REACHED = "CAP_REACHED"  # 学生本年度资助已达上限
    # Aid lists
    APPROVAL_NO_PUBLICITY = "APPROVAL_NO_PUBLICITY"  # 没有公示记录
    APPROVAL_PUBLICITY_SHORT = "APPROVAL_PUBLICITY_SHORT"  # 公示未满规定的工作日
    APPROVAL_UNCONFIRMED = "APPROVAL_UNCONFIRMED"  # 有学校尚未确认名单
    APPROVAL_PUBLICITY_STALE = "APPROVAL_PUBLICITY_STALE"  # 公示开始后名单又有变动
    PUBLICITY_BACKDATED = "PUBLICITY_BACKDATED"  # 公示开始日期早于登记日，须注明为纸质公示
    PUBLICITY_CLOSED = "PUBLICITY_CLOSED"  # 公示记录已更正或撤回
    PUBLICITY_USED = "PUBLICITY_USED"  # 公示已被审批引用，不能更正或撤回
    REVIEW_REFUSED = "REVIEW_REFUSED"  # 学校审核操作无法完成
    COUNTS_CHANGED = "COUNTS_CHANGED"  # 确认时的人数或金额与预览时不同
    # Payments
    EXPORT_REFUSED = "EXPORT_REFUSED"  # 无法生成代发文件
    ACCOUNT_INVALID = "ACCOUNT_INVALID"  # 收款账户无效
    PAYEE_ID_REQUIRED = "PAYEE_ID_REQUIRED"  # 收款人不是学生本人，须填写收款人身份证号
    ACCOUNT_CHANGED = "ACCOUNT_CHANGED"  # 收款账户已被他人更改，须看过新账户后再更正
    # Audit
    FINDING_NOT_OPEN = "FINDING_NOT_OPEN"  # 问题不存在或已处理
    FINDING_NOT_HANDED = "FINDING_NOT_HANDED"  # 问题没有交给本校核查
    FINDING_SCHOOL_INVALID = "FINDING_SCHOOL_INVALID"  # 只能交给该学生本学期就读的学校
    MISMATCH_NOT_FOUND = "MISMATCH_NOT_FOUND"  # 姓名不一致记录不存在或已确认
    # Reports, the demo, users
    REPORT_REFUSED = "REPORT_REFUSED"  # 无法生成报告
    DEMO_REFUSED = "DEMO_REFUSED"  # 演示无法运行
    USER_INVALID = "USER_INVALID"  # 用户资料无效
    ADDRESS_INVALID = "ADDRESS_INVALID"  # 网络地址无效
    NOT_FOUND = "NOT_FOUND"  # 要操作的记录不存在
    NOTE_REQUIRED = "NOTE_REQUIRED"  # 须填写说明、原因或依据
    TOO_LONG = "TOO_LONG"  # 填写的内容超过允许的长度


class Refused(Exception):
    """Refused as a whole: nothing changed. `message` is Chinese and meant for the person who
    asked; `code` is stable and meant for programs and tests."""

    def __init__(self, code: Code, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail

    def as_json(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": self.message, **self.detail}

    def __str__(self) -> str:
        return self.message

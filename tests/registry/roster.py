"""Building 学生名册 files and the schools they need, for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.files import write_sheet
from zizhu.registry.models import School

HEADER = [
    "学期", "学校标识码", "学籍号", "姓名", "性别", "身份证件号", "学段", "年级", "班级",
    "是否寄宿", "户籍地代码", "户口性质", "在校状态", "专业", "涉农专业", "收款人姓名",
    "收款人身份证号", "收款账号", "开户银行",
]  # fmt: skip

PRIMARY = "4408020001"
SENIOR = "4408030002"
VOCATIONAL = "4408230003"
UNIVERSITY = "4401060004"


def make_schools() -> None:
    School.objects.create(
        code=PRIMARY, name="赤坎小学", county_code="440802", stages="PRIMARY;JUNIOR",
        ownership="PUBLIC", locale="URBAN",
    )  # fmt: skip
    School.objects.create(
        code=SENIOR, name="霞山中学", county_code="440803", stages="SENIOR",
        ownership="PUBLIC",
    )  # fmt: skip
    School.objects.create(
        code=VOCATIONAL, name="遂溪职校", county_code="440823", stages="VOCATIONAL",
        ownership="PUBLIC",
    )  # fmt: skip
    School.objects.create(
        code=UNIVERSITY, name="广州某大学", county_code="440106", stages="HIGHER",
        ownership="PUBLIC",
    )  # fmt: skip


def student(id_number: str | None, name: str = "张三", **fields: Any) -> list[Any]:
    """One roster row; keyword arguments use the Chinese headers' field names below."""
    row: dict[str, Any] = {
        "学期": "2019年秋季学期",
        "学校标识码": PRIMARY,
        "学籍号": f"G{id_number}" if id_number else None,
        "姓名": name,
        "性别": None,
        "身份证件号": id_number,
        "学段": "小学",
        "年级": "3",
        "班级": "3班",
        "是否寄宿": "否",
        "户籍地代码": "440802",
        "户口性质": "农业",
        "在校状态": "在读",
        "专业": None,
        "涉农专业": None,
        "收款人姓名": name,
        "收款人身份证号": None,
        "收款账号": "6217000000000000001",
        "开户银行": "中国农业银行",
    }
    names = {
        "term": "学期", "school": "学校标识码", "student_no": "学籍号", "sex": "性别",
        "stage": "学段", "grade": "年级", "boarding": "是否寄宿", "hukou": "户籍地代码",
        "nature": "户口性质", "status": "在校状态", "major": "专业", "agri": "涉农专业",
        "payee": "收款人姓名", "payee_id": "收款人身份证号", "account": "收款账号",
        "bank": "开户银行", "class_name": "班级",
    }  # fmt: skip
    for key, value in fields.items():
        row[names[key]] = value
    return [row[h] for h in HEADER]


def roster_file(path: Path, *rows: list[Any], **kwargs: Any) -> Path:
    kwargs.setdefault("sheet", "学生名册")
    return write_sheet(path, [HEADER, *rows], **kwargs)

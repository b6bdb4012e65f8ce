"""Blank templates for each import kind: the exact headers and sheet names of formats.md."""

from __future__ import annotations

import io

import xlsxwriter

from zizhu.web.constants import IMPORT_KINDS

TEMPLATE_HEADERS: dict[str, list[str]] = {
    "schools": ["学校标识码", "学校名称", "区县代码", "学段", "办学性质", "城乡分类", "学费标准",
                "学费起始学期"],
    "students": ["学期", "学校标识码", "学籍号", "姓名", "性别", "身份证件号", "学段", "年级",
                 "班级", "是否寄宿", "户籍地代码", "户口性质", "在校状态", "专业", "涉农专业",
                 "收款人姓名", "收款人身份证号", "收款账号", "开户银行"],
    "jdlk": ["年度", "区县代码", "户编号", "户主姓名", "户主身份证号", "姓名", "身份证件号",
             "与户主关系", "脱贫状态"],
    "civil": ["姓名", "身份证件号", "救助类别", "起始日期", "终止日期", "区县代码"],
    "disability": ["姓名", "身份证件号", "残疾证号", "残疾类别", "残疾等级", "区县代码"],
    "hardship": ["学期", "学校标识码", "学籍号", "姓名", "身份证件号", "困难等级", "认定依据"],
    "loans": ["合同编号", "学年", "姓名", "身份证件号", "户籍地代码", "就读高校", "学历层次",
              "贷款金额", "放款日期"],
}  # fmt: skip


def template_xlsx(kind: str) -> bytes:
    """An .xlsx with one sheet named as the template, the header row, and every column
    formatted as text (ID numbers and codes must never become numbers)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(IMPORT_KINDS[kind])
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "num_format": "@"})
    for column, header in enumerate(TEMPLATE_HEADERS[kind]):
        sheet.set_column(column, column, max(12, 2 * len(header) + 4), text)
        sheet.write_string(0, column, header, bold)
    workbook.close()
    return buffer.getvalue()

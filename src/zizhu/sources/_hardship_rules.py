"""家庭经济困难学生认定 rows: the layout, the value rules and the file's one term."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.intake.result import REASON
from zizhu.intake.terms import TERM_FORMAT
from zizhu.sources.constants import HardshipLevel

LAYOUT = Layout(
    kind="hardship",
    sheet="家庭经济困难学生认定",
    columns=(
        Column("学期", "term", required=True),
        Column("学校标识码", "school", required=True),
        Column("学籍号", "student_no"),
        Column("姓名", "name", required=True),
        Column("身份证件号", "id_number", required=True),
        Column("困难等级", "level", required=True),
        Column("认定依据", "basis"),
    ),
)
LEVELS = {str(label): str(value) for value, label in HardshipLevel.choices}


def check_hardship(frame: pl.DataFrame, *, today: dt.date) -> pl.DataFrame:
    """Value rules only; whether the school and the student are known is looked up later."""
    frame = frame.with_columns(
        v.id_number_text("id_number").alias("id_number"),
        v.term_code("term").alias("term_code"),
    )
    no_id = pl.col("id_number").is_null()
    return frame.with_columns(
        v.first_reason(
            v.required_reason("term", "学期"),
            v.required_reason("school", "学校标识码"),
            v.required_reason("name", "姓名"),
            v.required_reason("level", "困难等级"),
            v.when_bad(pl.col("term_code").is_null(), f"学期格式错误{TERM_FORMAT}"),
            v.when_bad(~pl.col("school").str.contains(r"^[0-9]{10}$"), "学校标识码应为10位数字"),
            v.when_bad(no_id & pl.col("student_no").is_null(), "身份证件号不能为空"),
            v.when_bad(
                no_id & ~pl.col("student_no").str.contains(r"^[JL]"),
                "身份证件号不能为空（只有学籍号以 J 或 L 开头的学生可以不填）",
            ),
            v.id_number_reason("id_number", today=today, required=False),
            v.student_no_reason("student_no", today=today),
            v.choice_reason("level", "困难等级", list(LEVELS)),
            v.length_reason("name", "姓名", 50),
            v.length_reason("basis", "认定依据", 255),
        ).alias(REASON)
    )

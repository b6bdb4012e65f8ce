"""家庭经济困难学生认定 rows: the layout, the value rules and the file's one term."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.core.errors import Code, Refused
from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.intake.result import REASON
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
TERM_FORMAT = "（如 2019年秋季学期 或 2019-2）"


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


def _as_term_code(text: str) -> str | None:
    code = pl.DataFrame({"t": [text]}).select(v.term_code("t"))["t"][0]
    return None if code is None else str(code)


def file_term(checked: pl.DataFrame, *, known: set[str], asked: str | None) -> str | None:
    """The one term of the rows that passed the value rules; anything else refuses the file.

    None where no row passed them and no term was asked for: there is nothing to store.
    """
    asked_code = None
    if asked is not None:
        asked_code = _as_term_code(asked.strip())
        if asked_code is None:
            raise Refused(Code.FILE_TERM, f"命令指定的学期 {asked} 格式错误{TERM_FORMAT}")
    valid = checked.filter(pl.col(REASON).is_null())
    codes = valid["term_code"].unique().sort().to_list()
    if len(codes) > 1:
        raise Refused(Code.FILE_TERM, f"一个文件只能包含一个学期，本文件有：{'、'.join(codes)}")
    term = codes[0] if codes else asked_code
    if term is None:
        return None
    if term not in known:
        raise Refused(Code.TERM_UNKNOWN, f"未知的学期：{term}")
    if asked_code is not None and asked_code != term:
        raise Refused(Code.FILE_TERM, f"文件中的学期是 {term}，与命令指定的 --term {asked} 不一致")
    return term

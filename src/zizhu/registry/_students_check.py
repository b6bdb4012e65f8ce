"""学生名册 rows: the layout and every value rule, as whole-column polars expressions."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.intake.result import REASON
from zizhu.registry.constants import EnrolmentStatus

LAYOUT = Layout(
    kind="students",
    sheet="学生名册",
    columns=(
        Column("学期", "term", required=True),
        Column("学校标识码", "school", required=True),
        Column("学籍号", "student_no"),
        Column("姓名", "name", required=True),
        Column("性别", "sex"),
        Column("身份证件号", "id_number", required=True, id_number=True),
        Column("学段", "stage", required=True),
        Column("年级", "grade", required=True),
        Column("班级", "class_name"),
        Column("是否寄宿", "boarding"),
        Column("户籍地代码", "hukou_code", required=True),
        Column("户口性质", "hukou_nature"),
        Column("在校状态", "status"),
        Column("专业", "major"),
        Column("涉农专业", "agri_major"),
        Column("收款人姓名", "payee_name"),
        Column("收款人身份证号", "payee_id_number", id_number=True),
        Column("收款账号", "account_no"),
        Column("开户银行", "bank"),
    ),
)

STATUS = {str(label): str(code) for code, label in EnrolmentStatus.choices}  # 在读 -> ENROLLED
RURAL = {"农业": True, "农村": True, "非农业": False, "城镇": False}


def check_students(
    frame: pl.DataFrame,
    *,
    term: str,
    schools: pl.DataFrame,
    counties: set[str],
    today: dt.date,
) -> pl.DataFrame:
    """Add the parsed columns and REASON; `schools` has code, county_code, stages."""
    # Looked up in place, not joined: a join gathered every column again (430 MB for a county
    # of 1.27 million rows) and lost the rows' order.
    codes = schools["code"]
    school = pl.col("school")
    frame = frame.with_columns(
        school.replace_strict(codes, schools["county_code"], default=None).alias("school_county"),
        school.replace_strict(codes, schools["stages"], default=None).alias("offers"),
    )
    stage = v.stage_code("stage")
    higher = stage == "HIGHER"
    frame = frame.with_columns(
        stage.alias("stage_code"),
        v.grade_number("grade", stage).alias("grade_no"),
        v.yes_no("boarding").fill_null(False).alias("boarding_flag"),
        v.yes_no("agri_major").fill_null(False).alias("agri_flag"),
        pl.col("hukou_nature").replace_strict(RURAL, default=None).alias("rural_flag"),
        pl.col("status")
        .fill_null("在读")
        .replace_strict(STATUS, default=None)
        .alias("status_code"),
        pl.when(higher).then(pl.col("hukou_code")).otherwise(pl.col("school_county")).alias("unit"),
    )
    no_id_allowed = pl.col("student_no").str.contains(r"^[JL]").fill_null(False)
    vocational = pl.col("stage_code") == "VOCATIONAL"
    reason = v.first_reason(
        v.when_bad(v.term_code("term").is_null(), "学期格式错误（如 2019年秋季学期 或 2019-2）"),
        v.required_reason("school", "学校标识码"),
        v.required_reason("name", "姓名"),
        v.required_reason("stage", "学段"),
        v.required_reason("grade", "年级"),
        v.required_reason("hukou_code", "户籍地代码"),
        v.length_reason("name", "姓名", 50),
        v.length_reason("class_name", "班级", 50),
        v.length_reason("major", "专业", 100),
        v.length_reason("payee_name", "收款人姓名", 50),
        v.length_reason("bank", "开户银行", 100),
        v.when_bad(pl.col("offers").is_null(), "学校标识码不是已知学校：请先导入学校名册"),
        v.when_bad(
            pl.col("id_number").is_null() & ~no_id_allowed,
            "身份证件号不能为空（只有学籍号以 J 或 L 开头的学生可以不填）",
        ),
        v.id_number_reason("id_number", today=today, required=False),
        v.student_no_reason("student_no", today=today),
        v.sex_reason("sex", "id_number"),
        v.stage_reason("stage"),
        v.when_bad(
            pl.col("stage_code").is_not_null()
            & pl.col("offers").is_not_null()
            & ~pl.col("offers").str.contains(pl.col("stage_code"), literal=True),
            "学段不是该校开设的学段",
        ),
        v.grade_reason("grade", stage),
        v.yes_no_reason("boarding", "是否寄宿"),
        v.region_code_reason("hukou_code", "户籍地代码"),
        v.when_bad(
            higher & ~pl.col("hukou_code").is_in(list(counties)),
            "高校学生由户籍所在区县报送：户籍地代码应为本市的区县",
        ),
        v.choice_reason("hukou_nature", "户口性质", list(RURAL)),
        v.choice_reason("status", "在校状态", list(STATUS)),
        v.when_bad(pl.col("major").is_not_null() & ~vocational, "专业只适用于中职学生"),
        v.yes_no_reason("agri_major", "涉农专业"),
        v.when_bad(pl.col("agri_flag") & ~vocational, "涉农专业只适用于中职学生"),
        v.id_number_reason("payee_id_number", today=today, header="收款人身份证号", required=False),
        v.when_bad(
            pl.col("account_no").is_not_null()
            & ~pl.col("account_no").str.contains(r"^[0-9]{12,19}$"),
            "收款账号应为12至19位数字",
        ),
        v.when_bad(
            pl.col("account_no").is_not_null() & pl.col("payee_name").is_null(),
            "填写了收款账号但没有收款人姓名",
        ),
    )
    checked = frame.with_columns(
        reason.alias(REASON),
        pl.coalesce("id_number", "student_no").alias("person_key"),
    )
    return v.mark_later_duplicates(
        checked, ["school", "person_key"], reason=REASON, what="学校的同一学生"
    )

"""A term's 学生名册 rows: enrolments with the student's facts, the payee, and a little noise."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.synth._noise import ORDER
from zizhu.synth._people import GUARDIAN
from zizhu.synth._random import below, pick, unit
from zizhu.synth._students import term_dates
from zizhu.synth.params import CityParams

_BANKS = {  # bank: card number prefix (BIN) and share of accounts
    "中国农业银行": ("622848", 0.35), "中国邮政储蓄银行": ("621799", 0.25),
    "广东农村信用社": ("621451", 0.2), "中国建设银行": ("621700", 0.1),
    "中国工商银行": ("622202", 0.1),
}  # fmt: skip
_GRADE_WORDS = dict(enumerate("一二三四五六", start=1))
_PRESCHOOL = {1: "小班", 2: "中班", 3: "大班"}


def _yes(condition: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(pl.lit("是")).otherwise(pl.lit("否"))


def _account(payee: pl.Expr, seed: int) -> tuple[pl.Expr, pl.Expr]:
    """(account number, bank) of a payee: a 19-digit card; (pid x 7919 + c) mod 10^13 is one to
    one, so no two payees share a number by accident."""
    bank = pick(unit(payee, seed, "bank"), {b: share for b, (_, share) in _BANKS.items()})
    prefix = bank.replace_strict({b: p for b, (p, _) in _BANKS.items()})
    digits = ((payee * 7919 + 1_234_567) % 10**13).cast(pl.String).str.zfill(13)
    return pl.concat_str(prefix, digits), bank


def status_drawn(seed: int, term: str, params: CityParams) -> pl.Expr:
    """A student's 在校状态 on the term's roster (mostly 在读), a draw of the pid and the term."""
    return pick(unit(pl.col("pid"), seed, f"status-{term}"), params.status)


def roster_rows(
    enrol: pl.DataFrame,
    students: pl.DataFrame,
    guardians: pl.DataFrame,
    schools: pl.DataFrame,
    params: CityParams,
    *,
    seed: int,
    term: str,
) -> pl.DataFrame:
    """pid, county, stage and the 学生名册 columns (spec/formats.md) for one term."""
    label, reference, _ = term_dates(term)
    key = pl.col("pid")
    frame = (
        enrol.join(students, on="pid")
        .join(
            guardians.select(
                (pl.col("pid") - GUARDIAN).alias("pid"),
                pl.col("name").alias("g_name"),
                pl.col("id_number").alias("g_id"),
            ),
            on="pid",
        )
        .join(schools.select(pl.col("code").alias("school"), "kind"), on="school")
    )
    adult = pl.col("birth") <= pl.lit(dt.date(reference.year - 18, reference.month, reference.day))
    payee = pl.when(adult).then(key).otherwise(key + GUARDIAN)
    account, bank = _account(payee, seed)
    boarding_share = pl.col("stage").replace_strict(params.boarding)
    rural_factor = pl.when("rural").then(1.2).otherwise(0.6)  # boarders come from villages
    boarding = unit(key, seed, "boarding") < boarding_share * rural_factor
    vocational = pl.col("stage") == "中职"
    grade = (
        pl.when(pl.col("stage") == "学前")
        .then(pl.col("grade").replace_strict(_PRESCHOOL, default=None))
        .when(pl.col("stage") == "高校")
        .then(pl.col("grade").cast(pl.String))
        .otherwise(pl.format("{}年级", pl.col("grade").replace_strict(_GRADE_WORDS, default=None)))
    )
    hukou_kind = (  # left empty now and then: an empty 户口性质 is not 农业
        pl.when(unit(key, seed, "hukou-kind-blank") < 0.01)
        .then(None)
        .when("rural")
        .then(pl.lit("农业"))
        .otherwise(pl.lit("非农业"))
    )
    with_account = pl.col("has_account")
    own_id = pl.when("no_id").then(None).otherwise("id_number")
    rows = frame.select(
        "pid",
        "county",
        "stage",
        pl.lit(label).alias("学期"),
        pl.col("school").alias("学校标识码"),
        pl.when(pl.col("stage") == "高校")
        .then(None)
        .when("no_id")
        .then("j_number")
        .otherwise(pl.concat_str(pl.lit("G"), "id_number"))
        .alias("学籍号"),
        pl.col("name").alias("姓名"),
        pl.when("male").then(pl.lit("男")).otherwise(pl.lit("女")).alias("性别"),
        own_id.alias("身份证件号"),
        # A 技工学校's students are written 技工学校 (stored as 中职).
        pl.when(pl.col("kind") == "技工学校").then(pl.col("kind")).otherwise("stage").alias("学段"),
        grade.alias("年级"),
        pl.when(pl.col("stage") != "高校")
        .then(pl.format("{}班", below(key, seed, "class", 6) + 1))
        .alias("班级"),
        _yes(boarding).alias("是否寄宿"),
        pl.col("hukou").alias("户籍地代码"),
        hukou_kind.alias("户口性质"),
        status_drawn(seed, term, params).alias("在校状态"),
        pl.when(vocational).then("major").alias("专业"),
        pl.when(vocational).then(_yes(pl.col("agri"))).alias("涉农专业"),
        pl.when(with_account)
        .then(pl.when(adult).then("name").otherwise("g_name"))
        .alias("收款人姓名"),
        pl.when(with_account)
        .then(pl.when(adult).then(own_id).otherwise("g_id"))
        .alias("收款人身份证号"),
        pl.when(with_account).then(account).alias("收款账号"),
        pl.when(with_account).then(bank).alias("开户银行"),
    )
    return rows.sort(ORDER)

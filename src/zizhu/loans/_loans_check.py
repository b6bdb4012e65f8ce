"""The row rules of a 生源地信用助学贷款 file that need no database (spec/formats.md)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from zizhu.intake import values as v
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.loans.caps import Caps
from zizhu.loans.constants import LoanLevel

LAYOUT = Layout(
    kind="loans",
    sheet="生源地信用助学贷款",
    columns=(
        Column("合同编号", "contract_no", required=True),
        Column("学年", "school_year", required=True),
        Column("姓名", "name", required=True),
        Column("身份证件号", "id_number", required=True),
        Column("户籍地代码", "hukou", required=True),
        Column("就读高校", "university", required=True),
        Column("学历层次", "level", required=True),
        Column("贷款金额", "amount", required=True),
        Column("放款日期", "disbursed"),
    ),
)
LEVELS = {label: str(code) for code, label in LoanLevel.choices}
_SCHOOL_YEAR = r"^([0-9]{4})-([0-9]{4})$"


def _start_year() -> pl.Expr:
    """2019 for '2019-2020'; null unless the second year follows the first."""
    first = pl.col("school_year").str.extract(_SCHOOL_YEAR, 1).cast(pl.Int32, strict=False)
    second = pl.col("school_year").str.extract(_SCHOOL_YEAR, 2).cast(pl.Int32, strict=False)
    return pl.when(second == first + 1).then(first)


def _cap_fen(caps: Caps) -> pl.Expr:
    """The cap of each row's school year and level, in fen; null before the first known cap."""
    cap = pl.lit(None, dtype=pl.Int64)
    for from_year, by_level in caps:  # oldest first: a later entry wins from its year on
        cap = (
            pl.when(pl.col("start_year") >= from_year)
            .then(
                pl.col("level_code").replace_strict(by_level, default=None, return_dtype=pl.Int64)
            )
            .otherwise(cap)
        )
    return cap


def _yuan_text(fen: pl.Expr) -> pl.Expr:
    """Whole fen as yuan for a message: 800000 -> "8000", 800050 -> "8000.50"."""
    cents = (fen % 100).cast(pl.String).str.zfill(2)
    return pl.concat_str(
        (fen // 100).cast(pl.String), pl.when(fen % 100 != 0).then(pl.lit(".") + cents)
        .otherwise(pl.lit("")),
    )  # fmt: skip


def check_loans(
    frame: pl.DataFrame, *, counties: set[str], caps: Caps, today: dt.date
) -> pl.DataFrame:
    """The file's rows with the parsed values and REASON, the first rule each row breaks;
    `caps`: the loan caps in force (loans.caps.loan_caps), oldest first."""
    first_capped_year = caps[0][0]
    frame = (
        frame.with_columns(v.id_number_text("id_number").alias("id_number"))
        .with_columns(
            _start_year().alias("start_year"),
            pl.col("level")
            .replace_strict(LEVELS, default=None, return_dtype=pl.String)
            .alias("level_code"),
            v.money_fen("amount").alias("amount_fen"),
            v.date_value("disbursed").alias("disbursed_on"),
        )
        .with_columns(_cap_fen(caps).alias("cap_fen"))
    )
    over_cap = pl.col("amount_fen") > pl.col("cap_fen")
    checked = frame.with_columns(
        v.first_reason(
            v.required_reason("contract_no", "合同编号"),
            v.required_reason("school_year", "学年"),
            v.required_reason("name", "姓名"),
            v.required_reason("hukou", "户籍地代码"),
            v.required_reason("university", "就读高校"),
            v.required_reason("level", "学历层次"),
            v.required_reason("amount", "贷款金额"),
            # The widths of the columns they are stored in (loans.models.Loan).
            v.length_reason("contract_no", "合同编号", 50),
            v.length_reason("name", "姓名", 50),
            v.length_reason("university", "就读高校", 100),
            v.when_bad(
                pl.col("school_year").is_not_null() & pl.col("start_year").is_null(),
                "学年格式错误：应为相邻的两个年份，如 2019-2020",
            ),
            v.when_bad(
                pl.col("start_year") < first_capped_year,
                f"学年早于{first_capped_year}-{first_capped_year + 1}，没有已知的贷款额度上限",
            ),
            v.when_bad(pl.col("start_year") > today.year, "学年尚未开始：开始年份晚于今年"),
            v.id_number_reason("id_number", today=today),
            v.region_code_reason("hukou", "户籍地代码"),
            v.when_bad(
                pl.col("hukou").str.contains(r"^[0-9]{6}$")
                & ~pl.col("hukou").is_in(list(counties)),
                "户籍地代码不是本系统管辖的区县",
            ),
            v.choice_reason("level", "学历层次", list(LEVELS)),
            v.money_reason("amount", "贷款金额", positive=True),
            pl.when(over_cap).then(
                pl.format(
                    "贷款金额超过{}学年{}的上限{}元",
                    pl.col("school_year"),
                    pl.col("level"),
                    _yuan_text(pl.col("cap_fen")),
                )
            ),
            v.date_reason("disbursed", "放款日期"),
        ).alias(REASON)
    )
    checked = v.mark_later_duplicates(checked, ["contract_no"], reason=REASON, what="合同编号")
    return _mark_second_contracts(checked)


def _mark_second_contracts(checked: pl.DataFrame) -> pl.DataFrame:
    """A later row giving the same student and school year another contract is rejected."""
    key = ["id_number", "school_year"]
    first_contract = (
        checked.filter(pl.col(REASON).is_null())
        .with_columns(pl.col("contract_no").first().over(key).alias("first_contract"))
        .filter(pl.col("contract_no") != pl.col("first_contract"))
        .select(ROW, "first_contract")
    )
    message = pl.format(
        "同一学生同一学年只能有一份贷款合同：本文件前面已有合同编号 {}", pl.col("first_contract")
    )
    return (
        checked.join(first_contract, on=ROW, how="left", maintain_order="left")
        .with_columns(pl.coalesce(REASON, message).alias(REASON))
        .drop("first_contract")
    )

"""The 代发明细 file for the bank (spec/formats.md): a 汇总 sheet with the control totals and
the 代发明细 sheet with one row per payment, both with the header in row 1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from zizhu.core.xlsx import INT, MONEY, TEXT, Workbook

SUMMARY_SHEET, DETAIL_SHEET = "汇总", "代发明细"
SUMMARY_HEADER = ["批次号", "付款单位", "学期", "资助项目", "总笔数", "总金额"]
DETAIL_HEADER = [
    "批次号", "序号", "收款人姓名", "收款人身份证号", "收款账号", "开户银行", "金额", "摘要",
    "学生姓名", "学生身份证件号",
]  # fmt: skip
_DETAIL_KINDS = [TEXT, INT, TEXT, TEXT, TEXT, TEXT, MONEY, TEXT, TEXT, TEXT]
_DETAIL_WIDTHS = [30, 8, 12, 21, 23, 24, 12, 40, 12, 21]

# The payments as written, in 序号 order, a frame at a time: seq, payee name, payee ID,
# account, bank, amount (fen), student name, student ID (or 学籍号).
PAYMENT_SCHEMA = {
    "seq": pl.Int64, "payee_name": pl.String, "payee_id_number": pl.String,
    "account_no": pl.String, "bank": pl.String, "amount_fen": pl.Int64,
    "student_name": pl.String, "student_id": pl.String,
}  # fmt: skip
_PAYMENT_COLUMNS = list(PAYMENT_SCHEMA)


@dataclass(frozen=True)
class BankFileHead:
    batch_no: str
    payer: str  # 付款单位: the county's 教育局
    term_name: str  # 2019年秋季学期
    program_name: str  # 普通高中国家助学金

    @property
    def memo(self) -> str:
        """摘要: 2019年秋季学期普通高中国家助学金."""
        return f"{self.term_name}{self.program_name}"


class ControlTotals:
    """Counts the rows and adds up the fen as they are written."""

    def __init__(self) -> None:
        self.count = 0
        self.amount_fen = 0

    def follow(self, head: BankFileHead, frames: Iterable[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        for frame in frames:
            self.count += frame.height
            self.amount_fen += int(frame["amount_fen"].sum())
            yield frame.select(
                pl.lit(head.batch_no).alias("batch_no"), *_PAYMENT_COLUMNS[:6],
                pl.lit(head.memo).alias("memo"),
                *_PAYMENT_COLUMNS[6:],
            )  # fmt: skip


def bank_file_write(
    path: Path, head: BankFileHead, frames: Iterable[pl.DataFrame]
) -> ControlTotals:
    """Write the file (frames of PAYMENT_SCHEMA, in 序号 order); the 汇总 carries the totals
    of the rows written."""
    totals = ControlTotals()
    with Workbook(path) as book:
        book.frame_sheet(
            DETAIL_SHEET, DETAIL_HEADER, _DETAIL_KINDS, totals.follow(head, frames),
            widths=_DETAIL_WIDTHS,
        )  # fmt: skip
        summary = [
            head.batch_no, head.payer, head.term_name, head.program_name, totals.count,
            totals.amount_fen,
        ]  # fmt: skip
        book.sheet(
            SUMMARY_SHEET, SUMMARY_HEADER, [TEXT, TEXT, TEXT, TEXT, INT, MONEY], [summary],
            widths=[30, 16, 16, 36, 10, 16],
        )  # fmt: skip
        book.close(order=[SUMMARY_SHEET, DETAIL_SHEET])
    return totals

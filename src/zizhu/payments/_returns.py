"""`import returns`: the bank's answer to payment files (spec/formats.md 银行回盘).

Each row must name a payment that was sent (批次号, 序号) and repeat what was sent: the payee's
name, the account and the amount (compared in fen). 成功 marks the payment paid, 失败 keeps the
bank's reason; both are a compare-and-swap from SENT. A row whose payment already carries the
same answer is unchanged; a different answer is a conflict, rejected. A file naming a batch
that was never sent is refused whole.
"""

from __future__ import annotations

import polars as pl

from zizhu.core import bulk
from zizhu.core.clock import Clock, system_clock
from zizhu.core.errors import Code, Refused
from zizhu.intake import values as v
from zizhu.intake.kinds import ImportContext, Plan, Recorded
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON
from zizhu.payments.constants import RESULT_WORDS, PaymentStatus
from zizhu.payments.models import PaymentBatch
from zizhu.registry.selectors import term_facts

LAYOUT = Layout(
    kind="returns",
    sheet="银行回盘",
    columns=(
        Column("批次号", "batch", required=True),
        Column("序号", "seq", required=True),
        Column("收款人姓名", "payee_name", required=True),
        Column("收款账号", "account_no", required=True),
        Column("金额", "amount", required=True),
        Column("处理结果", "result", required=True),
        Column("失败原因", "reason"),
    ),
)
_STAGING = [
    ("row_no", "INTEGER"),
    ("batch_id", "BIGINT"),
    ("seq", "BIGINT"),
    ("payee_name", "VARCHAR(200)"),
    ("account_no", "VARCHAR(200)"),
    ("amount_fen", "BIGINT"),
    ("result", "VARCHAR(10)"),
    ("reason", "VARCHAR(200)"),
    ("payment_id", "BIGINT"),
    ("outcome", "VARCHAR(8)"),  # apply, same, reject
    ("why", "VARCHAR(300)"),
]
SENT, SUCCEEDED, FAILED = (s.value for s in PaymentStatus)


def check_returns(frame: pl.DataFrame) -> pl.DataFrame:
    """The row rules that need nothing but the file itself."""
    seq = pl.col("seq")
    checked = frame.with_columns(
        # A number cell comes as '12'; a bank that writes '12.0' means the same row.
        seq.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False).alias("seq_no"),
        v.money_fen("amount").alias("amount_fen"),
        pl.col("result").replace_strict(RESULT_WORDS, default=None).alias("status"),
    ).with_columns(
        v.first_reason(
            v.required_reason("batch", "批次号"),
            v.required_reason("seq", "序号"),
            v.required_reason("payee_name", "收款人姓名"),
            v.required_reason("account_no", "收款账号"),
            v.required_reason("amount", "金额"),
            v.required_reason("result", "处理结果"),
            v.when_bad(
                ~seq.str.contains(r"^[0-9]{1,9}(\.0+)?$") | (pl.col("seq_no") < 1),
                "序号应为正整数",
            ),
            v.money_reason("amount", "金额"),
            v.choice_reason("result", "处理结果", list(RESULT_WORDS)),
            v.length_reason("reason", "失败原因", 200),
            v.length_reason("payee_name", "收款人姓名", 200),
            v.length_reason("account_no", "收款账号", 200),
        ).alias(REASON)
    )
    return v.mark_later_duplicates(checked, ["batch", "seq_no"], reason=REASON, what="批次号和序号")


def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    return check_returns(frame)


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """A row answers a payment of its batch's county (read now); an unknown batch refuses the
    file whole anyway."""
    named = checked["batch"].drop_nulls().unique().to_list()
    counties = dict(
        PaymentBatch.objects.filter(batch_no__in=named).values_list("batch_no", "county_id")
    )
    return checked.select(
        pl.col(ROW),
        pl.col("batch")
        .replace_strict(counties, default=None, return_dtype=pl.String)
        .alias("county"),
        pl.lit(None, dtype=pl.String).alias("school"),
    )


def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
    good = valid.collect()
    named = sorted(set(checked["batch"].drop_nulls().to_list()))
    batches = _batches(named, context.term)
    counts = {"apply": 0, "same": 0, "succeeded": 0, "failed": 0}
    rejected = None
    if good.height:
        _stage(good, batches)
        _classify()
        counts = _counts()
        rejected = pl.DataFrame(
            bulk.fetch_all("SELECT row_no, why FROM stage_return WHERE outcome = 'reject'"),
            schema={ROW: pl.Int64, REASON: pl.String},
            orient="row",
        )

    def write(event: Recorded) -> None:
        if good.height:
            _apply(counts["apply"], event.id, system_clock)
            bulk.execute("DROP TABLE stage_return")

    answered = {"succeeded": counts["succeeded"], "failed": counts["failed"]}
    return Plan(
        accepted=counts["apply"],
        unchanged=counts["same"],
        write=write,
        counts=answered,
        detail={"batches": named},
        extra=answered,
        rejected=rejected,
    )


def _batches(named: list[str], term: str | None) -> dict[str, int]:
    """The batches the file names, locked against a concurrent import of the same batches
    (PostgreSQL; SQLite runs one writer at a time). Any batch never sent refuses the file."""
    found = {
        b.batch_no: b
        for b in PaymentBatch.objects.select_for_update().filter(batch_no__in=named).order_by("pk")
    }
    unknown = [name for name in named if name not in found]
    if unknown:
        listed = "、".join(unknown[:10]) + ("等" if len(unknown) > 10 else "")
        raise Refused(
            Code.FILE_BATCH_UNKNOWN,
            f"回盘文件中有从未发出的批次号：{listed}（共 {len(unknown)} 个），整个文件未导入",
        )
    other = sorted({b.term_id for b in found.values()} - {term}) if term else []
    if other and term:
        raise Refused(
            Code.FILE_TERM,
            f"回盘文件中有其他学期的批次（{'、'.join(term_facts(t).name for t in other)}），"
            f"与所选学期（{term_facts(term).name}）不符",
        )
    return {name: b.pk for name, b in found.items()}


def _stage(good: pl.DataFrame, batches: dict[str, int]) -> None:
    rows = good.select(
        pl.col(ROW),
        pl.col("batch").replace_strict(batches, return_dtype=pl.Int64),
        "seq_no",
        "payee_name",
        "account_no",
        "amount_fen",
        "status",
        pl.when(pl.col("status") == FAILED)
        .then(pl.col("reason").fill_null(""))
        .otherwise(pl.lit(""))
        .alias("reason"),
        pl.lit(None, pl.Int64).alias("payment_id"),
        pl.lit("reject").alias("outcome"),
        pl.lit(None, pl.String).alias("why"),
    )
    bulk.staging_create("stage_return", _STAGING)
    bulk.rows_load("stage_return", [c for c, _ in _STAGING], rows.iter_rows())


def _classify() -> None:
    bulk.execute(
        """
        UPDATE stage_return SET payment_id = p.id FROM payments_payment AS p
        WHERE p.batch_id = stage_return.batch_id AND p.seq = stage_return.seq
        """
    )
    bulk.execute("UPDATE stage_return SET why = '批次中没有这个序号' WHERE payment_id IS NULL")
    bulk.execute(
        """
        UPDATE stage_return SET why = CASE
            WHEN p.payee_name <> stage_return.payee_name THEN '收款人姓名与发出的不一致'
            WHEN p.account_no <> stage_return.account_no THEN '收款账号与发出的不一致'
            WHEN p.amount_fen <> stage_return.amount_fen THEN '金额与发出的不一致'
            WHEN p.status = %s THEN NULL
            WHEN p.status = stage_return.result
             AND (p.status = %s OR p.failure_reason = stage_return.reason) THEN NULL
            WHEN p.status = %s THEN '与已导入的回盘结果冲突：该笔已为成功'
            ELSE '与已导入的回盘结果冲突：该笔已为失败' || CASE WHEN p.failure_reason = ''
                THEN '' ELSE '（' || p.failure_reason || '）' END
        END,
        outcome = CASE WHEN p.status = %s THEN 'apply' ELSE 'same' END
        FROM payments_payment AS p WHERE p.id = stage_return.payment_id
        """,
        [SENT, SUCCEEDED, SUCCEEDED, SENT],
    )
    bulk.execute("UPDATE stage_return SET outcome = 'reject' WHERE why IS NOT NULL")


def _counts() -> dict[str, int]:
    row = bulk.fetch_all(
        """
        SELECT
            COALESCE(SUM(CASE WHEN outcome = 'apply' THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN outcome = 'same' THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN outcome = 'apply' AND result = %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN outcome = 'apply' AND result = %s THEN 1 ELSE 0 END), 0)
        FROM stage_return
        """,
        [SUCCEEDED, FAILED],
    )[0]
    return dict(zip(["apply", "same", "succeeded", "failed"], (int(x) for x in row), strict=True))


def _apply(expected: int, event_id: int, clock: Clock) -> None:
    """SENT -> SUCCEEDED / FAILED, compare-and-swap: every row classified to apply must
    still be SENT (the batches are locked, so anything else is a bug and undoes the import)."""
    changed = bulk.execute(
        """
        UPDATE payments_payment SET status = s.result, failure_reason = s.reason,
            answered_at = %s, answer_event_id = %s
        FROM stage_return AS s
        WHERE s.payment_id = payments_payment.id AND s.outcome = 'apply'
          AND payments_payment.status = %s
        """,
        [clock(), event_id, SENT],
    )
    if changed != expected:
        raise AssertionError(f"returns: {changed} payments answered, {expected} expected")

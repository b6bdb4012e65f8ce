"""The payments benchmark (`zizhu bench-payments`): a city-scale term's bank files and returns.

It works in a database of its own, made and dropped here with Django's test-database machinery
(an SQLite file under `out`, or a `zizhu_bench_payments` database on the PostgreSQL server of
DATABASE_URL), never in the operator's. A term of about 330,000 approved entitlements, with
people, enrolments and payee accounts, is built straight into it, set-based (polars frames
loaded by the database's bulk path, no ORM loop). Then, timed:

1. `pay export` of the whole term: every batch and its bank file;
2. the import of the bank's returns, one file per batch, about 3% of the rows failed;
3. the round that follows: the failed accounts corrected, the reissue export and its returns.

The bank's side (writing the returns files) and the checks afterwards are not timed.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO, TypeVar

import polars as pl
from django.db import connection, transaction

from zizhu.core import bulk
from zizhu.core.events import event_record
from zizhu.core.scope import Scope
from zizhu.core.xlsx import INT, MONEY, TEXT, Workbook
from zizhu.demo import places_load
from zizhu.intake.runner import import_run
from zizhu.payments.published_sql import payment_failed
from zizhu.payments.selectors import disbursement
from zizhu.payments.services import pay_export
from zizhu.registry.selectors import term_facts
from zizhu.synth.params import COUNTIES as DEMO_COUNTIES
from zizhu.synth.seed2019 import TERMS

TERM = TERMS[1]  # the demo city's autumn term
CITY_PAYMENTS = 330_000
COUNTIES = list(DEMO_COUNTIES)
# The demo's autumn programs in the published proportions (seed-2019.md), one amount each.
PROGRAMS = {
    "JDLK_LIVING": (52_060, 150_000),
    "SEN_GRANT": (21_996, 100_000),
    "VOC_GRANT": (5_487, 100_000),
    "SEN_TUITION": (5_756, 125_000),
    "PRE_AID": (50_084, 50_000),
    "BOARDING": (13_142, 62_500),
    "NONBOARDING": (67_227, 31_250),
}
FAIL_EVERY = 33  # every 33rd row of a returns file fails: about 3%
FAILURES = ["账号不存在", "户名不符", "账户冻结", "账户已销户"]
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
_GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华梅琳颖欣宇浩然子轩怡涵")

T = TypeVar("T")

CITY = Scope.city()


@dataclass
class Step:
    name: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class PaymentsBenchmark:
    vendor: str
    payments: int
    batches: int
    steps: list[Step] = field(default_factory=list)
    rate: str | None = None

    @property
    def round_seconds(self) -> float:
        """The issue's target: the export of every batch and the import of their returns."""
        return sum(s.seconds for s in self.steps if s.name in ("export", "returns"))


def run_payments_benchmark(
    *, scale: float = 1.0, out: Path, stream: TextIO = sys.stdout
) -> PaymentsBenchmark:
    out = out.resolve()
    for folder in ("files", "returns"):  # the last run's files: this run's replace them
        shutil.rmtree(out / folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    test_settings["NAME"] = (
        str(out / "bench-payments.sqlite3")
        if connection.vendor == "sqlite"
        else "zizhu_bench_payments"
    )
    say = _printer(stream)
    say(f"机器：{_machine()}")
    say(f"数据库：{connection.vendor}（基准测试专用库，测试结束后删除）")
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _run(scale, out, say)
    finally:
        creation.destroy_test_db(old_name, verbosity=0)


def _run(scale: float, out: Path, say: Callable[[str], None]) -> PaymentsBenchmark:
    places_load(actor="bench")  # the demo city's counties, terms and catalogue
    total = max(len(COUNTIES) * len(PROGRAMS), round(CITY_PAYMENTS * scale))
    built, seconds = _timed(lambda: _build_term(total))
    say(f"生成 {TERM} 已审批名单 {built} 条（人员、学籍、收款账户）：{seconds:.1f} 秒")
    result = PaymentsBenchmark(vendor=connection.vendor, payments=built, batches=0)

    files = out / "files"
    exported, seconds = _timed(lambda: pay_export(scope=CITY, actor="bench", term=TERM, out=files))
    result.batches = len(exported.batches)
    result.steps.append(Step("export", exported.count, seconds))
    say(_line("代发导出", exported.count, seconds, f"{len(exported.batches)} 个批次及文件"))

    backs = [
        _bank_answers(b.batch_no, b.file, out / "returns", fail=True) for b in exported.batches
    ]
    answered, seconds = _timed(lambda: _import_all(backs))
    result.steps.append(Step("returns", answered[0], seconds))
    say(_line("回盘导入", answered[0], seconds, f"成功 {answered[1]} 笔，失败 {answered[2]} 笔"))
    say(f"导出 + 回盘合计：{result.round_seconds:.1f} 秒（目标 30 秒以内）")

    corrected = _correct_failed_accounts()
    reissued, seconds = _timed(lambda: pay_export(scope=CITY, actor="bench", term=TERM, out=files))
    result.steps.append(Step("reissue export", reissued.count, seconds))
    say(_line("更正账户后补发导出", reissued.count, seconds, f"更正账户 {corrected} 个"))
    backs = [_bank_answers(b.batch_no, b.file, out / "returns", fail=False)
             for b in reissued.batches]  # fmt: skip
    answered, seconds = _timed(lambda: _import_all(backs))
    result.steps.append(Step("reissue returns", answered[0], seconds))
    say(_line("补发回盘导入", answered[0], seconds, f"成功 {answered[1]} 笔"))

    _check_files([*exported.batches, *reissued.batches])
    rate = disbursement(scope=CITY, term=TERM, today=term_facts(TERM).payment_due_date).total
    result.rate = rate.rate
    say(f"发放率：{rate.paid}/{rate.due} = {rate.rate}%，金额 {rate.amount_rate}%；"
        "每个文件的汇总与明细一致")  # fmt: skip
    return result


def _printer(stream: TextIO) -> Callable[[str], None]:
    def say(text: str) -> None:
        print(text, file=stream, flush=True)

    return say


def _line(name: str, rows: int, seconds: float, note: str) -> str:
    rate = rows / seconds if seconds else 0.0
    return f"{name}：{rows} 笔，{seconds:.1f} 秒，{rate:,.0f} 笔/秒（{note}）"


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    return f"{cpu}，{os.cpu_count()} 核，{memory} GiB 内存，Python {platform.python_version()}"


# ---- the city-scale term, straight into the database ------------------------------------


def _build_term(total: int) -> int:
    people = _people(total)
    with transaction.atomic():
        event = event_record(actor="bench", action="bench.payments", subject=TERM,
                             counts={"entitlements": people.height})  # fmt: skip
        schools = people.select("school", "county").unique().sort("school")
        school = [
            ("code", pl.col("school")), ("name", pl.format("学校{}", "school")),
            ("county_code", pl.col("county")), ("stages", pl.lit("PRIMARY;JUNIOR")),
            ("ownership", pl.lit("PUBLIC")), ("locale", pl.lit("")),
        ]  # fmt: skip
        _load("registry_school", schools, school)
        bulk.rows_load(
            "registry_person",
            ["id", "id_number", "student_no", "name"],
            people.select("id", "id_number", pl.lit(None, pl.String), "name").iter_rows(),
        )
        enrolment = [
            ("id", pl.col("id")), ("term_id", pl.lit(TERM)), ("school_id", pl.col("school")),
            ("person_id", pl.col("id")), ("admin_county_id", pl.col("county")),
            ("on_roster", pl.lit(True)), ("student_no", pl.format("G{}", "id_number")),
            ("name", pl.col("name")), ("sex", pl.lit("")), ("stage", pl.lit("PRIMARY")),
            ("grade", pl.lit(3)), ("class_name", pl.lit("")), ("boarding", pl.lit(False)),
            ("hukou_code", pl.col("county")), ("hukou_rural", pl.lit(True)),
            ("status", pl.lit("ENROLLED")), ("major", pl.lit("")), ("agri_major", pl.lit(False)),
            ("payee_name", pl.col("name")), ("payee_id_number", pl.col("id_number")),
            ("account_no", pl.col("account")), ("bank", pl.lit("中国农业银行")),
            ("event_id", pl.lit(event.pk)),
        ]  # fmt: skip
        _load("registry_enrolment", people, enrolment)
        entitlement = [
            ("id", pl.col("id")), ("term_id", pl.lit(TERM)), ("person_id", pl.col("id")),
            ("program", pl.col("program")), ("enrolment_id", pl.col("id")),
            ("school_id", pl.col("school")), ("county_id", pl.col("county")),
            ("amount_fen", pl.col("amount_fen")), ("status", pl.lit("APPROVED")),
            ("rule", pl.lit("bench")), ("catalogue", pl.lit("bench")), ("manual", pl.lit(False)),
            ("evidence", pl.lit("")), ("exclusion_reason", pl.lit("")),
            ("approval_id", pl.lit(None, pl.Int64)), ("event_id", pl.lit(event.pk)),
        ]  # fmt: skip
        _load("aid_entitlement", people, entitlement)
        if connection.vendor == "postgresql":
            for table in ("registry_person", "registry_enrolment", "aid_entitlement"):
                bulk.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                )
    return people.height


def _load(table: str, frame: pl.DataFrame, columns: list[tuple[str, pl.Expr]]) -> None:
    rows = frame.select(*[expr.alias(name) for name, expr in columns])
    bulk.rows_load(table, [name for name, _ in columns], rows.iter_rows())


def _people(total: int) -> pl.DataFrame:
    """One person, enrolment and entitlement per row: program in the published proportions,
    counties in turn, valid-looking ID numbers and 19-digit accounts, all unique."""
    weights = {p: n for p, (n, _) in PROGRAMS.items()}
    shares = [round(total * n / sum(weights.values())) for n in weights.values()]
    shares[0] += total - sum(shares)
    programs = [p for p, n in zip(PROGRAMS, shares, strict=True) for _ in range(n)]
    index = pl.int_range(0, total, eager=True)
    frame = pl.DataFrame({"i": index, "program": programs})
    j = pl.col("i") // len(COUNTIES)
    birth = pl.lit(dt.date(2004, 1, 1)) + pl.duration(days=j // 999)
    body = pl.concat_str(
        pl.col("i").mod(len(COUNTIES)).replace_strict(dict(enumerate(COUNTIES))),
        birth.dt.strftime("%Y%m%d"),
        (j % 999 + 1).cast(pl.String).str.zfill(3),
    )
    frame = frame.with_columns(body.alias("body"), pl.col("i").mod(len(COUNTIES)).alias("c"))
    weights_17 = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total_expr = pl.sum_horizontal(
        [pl.col("body").str.slice(k, 1).cast(pl.Int32) * w for k, w in enumerate(weights_17)]
    )
    check = (total_expr % 11).replace_strict(
        list(range(11)), list("10X98765432"), return_dtype=pl.String
    )
    amounts = {p: fen for p, (_, fen) in PROGRAMS.items()}
    schools_per_county = max(1, len(programs) // (len(COUNTIES) * 100))
    name = pl.concat_str(
        pl.col("i").mod(len(_SURNAMES)).replace_strict(dict(enumerate(_SURNAMES))),
        (pl.col("i") // 7).mod(len(_GIVEN)).replace_strict(dict(enumerate(_GIVEN))),
        (pl.col("i") // 11).mod(len(_GIVEN)).replace_strict(dict(enumerate(_GIVEN))),
    )
    county = pl.col("c").replace_strict(dict(enumerate(COUNTIES)))
    return frame.select(
        (pl.col("i") + 1).alias("id"),
        pl.concat_str(pl.col("body"), check).alias("id_number"),
        name.alias("name"),
        county.alias("county"),
        pl.concat_str(
            county,
            ((pl.col("i") // len(COUNTIES)) % schools_per_county).cast(pl.String).str.zfill(4),
        ).alias("school"),
        "program",
        pl.col("program").replace_strict(amounts, return_dtype=pl.Int64).alias("amount_fen"),
        pl.concat_str(pl.lit("6217"), (pl.col("i") + 1).cast(pl.String).str.zfill(15)).alias(
            "account"
        ),
    )


# ---- the bank's side ---------------------------------------------------------------------

RETURNS_HEADER = ["批次号", "序号", "收款人姓名", "收款账号", "金额", "处理结果", "失败原因"]


def _bank_answers(batch_no: str, sent: Path, folder: Path, *, fail: bool) -> Path:
    """The bank's 银行回盘 for one batch, from what was stored as sent."""
    folder.mkdir(parents=True, exist_ok=True)

    def rows() -> Iterator[tuple[Any, ...]]:
        for seq, name, account, fen in bulk.fetch_all(
            """
            SELECT p.seq, p.payee_name, p.account_no, p.amount_fen
            FROM payments_payment p JOIN payments_paymentbatch b ON b.id = p.batch_id
            WHERE b.batch_no = %s ORDER BY p.seq
            """,
            [batch_no],
        ):
            failed = fail and seq % FAIL_EVERY == 0
            reason = FAILURES[seq % len(FAILURES)] if failed else ""
            yield (batch_no, seq, name, account, fen, "失败" if failed else "成功", reason)

    path = folder / f"{sent.stem}-回盘.xlsx"
    with Workbook(path) as book:
        book.sheet("银行回盘", RETURNS_HEADER, [TEXT, INT, TEXT, TEXT, MONEY, TEXT, TEXT], rows())
        book.close()
    return path


def _import_all(paths: list[Path]) -> tuple[int, int, int]:
    answered = succeeded = failed = 0
    for path in paths:
        result = import_run(
            kind="returns", path=path, scope=CITY, actor="bench", errors_dir=path.parent / "errors"
        )
        if result.rejected:
            raise AssertionError(f"{path.name}: {result.rejected} rows rejected: {result.errors}")
        answered += result.accepted
        succeeded += result.extra["succeeded"]
        failed += result.extra["failed"]
    return answered, succeeded, failed


def _correct_failed_accounts() -> int:
    """What the schools' roster re-imports do, in one statement: a new account for each payee
    whose payment failed (the audited path is the roster import; this is only the data)."""
    with transaction.atomic():
        return bulk.execute(
            f"""
            UPDATE registry_enrolment SET account_no = '6228' || SUBSTR(account_no, 5)
            WHERE id IN (
                SELECT a.enrolment_id FROM aid_entitlement a
                JOIN payments_payment p ON p.entitlement_id = a.id
                WHERE a.term_id = %s AND {payment_failed("p")})
            """,
            [TERM],
        )


def _check_files(batches: list[Any]) -> None:
    """Every file's 汇总 equals its rows (count and fen), and the batch stored."""
    from zizhu.intake.layout import Column, Layout
    from zizhu.intake.reader import read_table
    from zizhu.intake.values import money_fen

    detail = Layout("bank", "代发明细", (Column("金额", "amount", required=True),))
    summary = Layout("bank", "汇总", (Column("总笔数", "count", required=True),
                                      Column("总金额", "amount", required=True)))  # fmt: skip
    for batch in batches:
        rows = read_table(batch.file, detail).frame.select(money_fen("amount"))["amount"]
        if (rows.len(), rows.sum()) != (batch.count, batch.amount_fen) or rows.null_count():
            raise AssertionError(f"{batch.batch_no}: the file's rows differ from the batch")
        head = read_table(batch.file, summary).frame.row(0, named=True)
        # The reader shows a number cell with 9 decimals ('9029208.109999999'): to the fen.
        total = Decimal(head["amount"]).quantize(Decimal("0.01"))
        if (int(head["count"]), int(total * 100)) != (batch.count, batch.amount_fen):
            raise AssertionError(f"{batch.batch_no}: the 汇总 differs from the rows")

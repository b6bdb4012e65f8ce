"""`pay export`: payment batches of a term's approved, unpaid entitlements, one bank file each.

One batch per county and program. The whole selection and insertion is set-based: the
candidates are worked out in a few statements over scratch tables, the payments inserted in
one more (ROW_NUMBER for 序号, in the order of school and student). An entitlement goes out
when it has no payment sent or paid; one whose last payment failed goes out again, as a
reissue, only once its payee account differs from the one that failed, and only to a named
payee who, when not the student, is known by an ID number. Exports queue one
behind the other, and the database's partial unique index refuses a second open (SENT)
payment for one entitlement whatever happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction

from zizhu.aid.published_sql import entitlement_approved
from zizhu.aid.selectors import catalogue_in_force
from zizhu.core import bulk
from zizhu.core.clock import Clock, system_clock
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.money import fen_to_yuan
from zizhu.core.progress import Progress, progress_or_silent, rows_known
from zizhu.core.scope import Scope
from zizhu.payments._bankfile import PAYMENT_SCHEMA, BankFileHead, bank_file_write
from zizhu.payments.constants import PaymentStatus
from zizhu.payments.models import PaymentBatch
from zizhu.registry.selectors import term_facts


@dataclass(frozen=True)
class BatchExport:
    batch_no: str
    county: str
    program: str
    file: Path
    count: int
    amount_fen: int
    reissues: int


@dataclass(frozen=True)
class Unpayable:
    """An approved, unpaid entitlement left out for want of a usable payee account."""

    entitlement_id: int
    county: str
    program: str
    school: str
    student_name: str
    student_id: str
    reason: str  # why, in words


# Why a candidate is left out, by its kind in pay_cand.
UNPAYABLE_REASONS = {
    "no_account": "缺少收款人姓名或有效的收款账号",
    "no_payee_id": "补发的收款人不是学生本人，缺少收款人身份证号",
}


@dataclass
class ExportResult:
    term: str
    batches: list[BatchExport] = field(default_factory=list)
    no_account: list[Unpayable] = field(default_factory=list)
    # Failed payments waiting for their payee account to be corrected before going out again.
    awaiting_correction: int = 0

    @property
    def count(self) -> int:
        return sum(b.count for b in self.batches)

    @property
    def amount_fen(self) -> int:
        return sum(b.amount_fen for b in self.batches)

    def as_json(self) -> dict[str, Any]:
        """cli.md's `pay export` shape."""
        return {
            "batches": [
                {"batch": b.batch_no, "county": b.county, "program": b.program,
                 "file": str(b.file), "count": b.count, "amount": fen_to_yuan(b.amount_fen),
                 "reissues": b.reissues}
                for b in self.batches
            ],
            "no_account": len(self.no_account),
        }  # fmt: skip


_CANDIDATES = [
    ("entitlement_id", "BIGINT"),
    ("county", "VARCHAR(6)"),
    ("program", "VARCHAR(20)"),
    ("school", "VARCHAR(10)"),
    ("amount_fen", "BIGINT"),
    ("payee_name", "VARCHAR(50)"),
    ("payee_id_number", "VARCHAR(18)"),
    ("account_no", "VARCHAR(19)"),
    ("bank", "VARCHAR(100)"),
    ("student_name", "VARCHAR(50)"),
    ("student_id", "VARCHAR(19)"),
    ("last_payment_id", "BIGINT"),
    # new, reissue, awaiting (account not corrected), no_account, no_payee_id (a reissue to
    # someone other than the student, with no ID number)
    ("kind", "VARCHAR(12)"),
]
_SCRATCH = ["pay_prev", "pay_cand", "pay_batch"]


def pay_export(
    *,
    scope: Scope,
    actor: str,
    term: str,
    out: Path,
    clock: Clock = system_clock,
    progress: Progress | None = None,
) -> ExportResult:
    """Make the batches of the scope's counties (one county, or the city's every county) and
    write their files into `out`; return what went out. `progress` hears its stages, and the
    files' rows as they are written (zizhu.core.progress)."""
    if scope.level not in ("CITY", "COUNTY"):
        raise Refused(Code.ROLE_FORBIDDEN, "只有市、县区资助部门可以生成代发批次")
    county = scope.county
    facts = term_facts(term)
    policy = catalogue_in_force(term=term)  # refused, naming what to load, when none
    payers = {code: f"{name}教育局" for code, name in bulk.fetch_all(
        "SELECT code, name FROM registry_region")}  # fmt: skip
    if county is not None and county not in payers:
        raise Refused(Code.SCOPE_OUTSIDE, f"不是本系统管辖的区县：{county}")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    heads = _Heads(facts.name, payers, {p.code: p.name for p in policy.programs})
    written: list[Path] = []
    report = progress_or_silent(progress)
    try:
        with transaction.atomic():
            report(0.0, "选出应发名单")
            _serialize_exports()
            for table in _SCRATCH:
                bulk.execute(f"DROP TABLE IF EXISTS {table}")
            _candidates(term, county)
            groups = _groups(term)
            event = event_record(
                actor=actor,
                action="payments.export",
                subject=f"{term} {county or '全市'}",
                counts=_counts(groups),
                detail={
                    "batches": [[g.batch_no, g.county, g.program, g.count, g.amount_fen,
                                 g.reissues] for g in groups],
                    "no_account": [r[0] for r in bulk.fetch_all(
                        "SELECT entitlement_id FROM pay_cand WHERE kind = 'no_account'"
                        " ORDER BY entitlement_id")],
                    "no_payee_id": [r[0] for r in bulk.fetch_all(
                        "SELECT entitlement_id FROM pay_cand WHERE kind = 'no_payee_id'"
                        " ORDER BY entitlement_id")],
                    "out": str(out),
                },
            )  # fmt: skip
            rows = sum(g.count for g in groups)
            rows_known(report, rows)
            report(0.2, "生成代发批次")
            batch_ids = _create_batches(term, groups, out, actor, clock(), event.pk)
            if groups:
                _insert_payments()
                bulk.analyze("payments_payment")
                _check_totals(groups, batch_ids)
            result = ExportResult(term=term)
            done = 0
            for group in groups:  # a batch at a time (a file each), never a row at a time
                report(0.4 + 0.55 * done / max(rows, 1), "写代发文件")
                done += group.count
                path = out / f"{group.batch_no}.xlsx"
                written.append(path)
                _write_file(path, heads.of(group), group, batch_ids[group.batch_no])
                result.batches.append(
                    BatchExport(group.batch_no, group.county, group.program, path, group.count,
                                group.amount_fen, group.reissues)
                )  # fmt: skip
            result.no_account = _unpayable()
            result.awaiting_correction = bulk.fetch_all(
                "SELECT COUNT(*) FROM pay_cand WHERE kind = 'awaiting'"
            )[0][0]
            for table in _SCRATCH:
                bulk.execute(f"DROP TABLE {table}")
        report(1.0, "完成")
    except BaseException:
        for path in written:  # no batch without its file, and no file without its batch
            path.unlink(missing_ok=True)
        raise
    return result


@dataclass(frozen=True)
class _Heads:
    term_name: str
    payers: dict[str, str]  # county code: 付款单位
    programs: dict[str, str]  # program code: 名称

    def of(self, group: _Group) -> BankFileHead:
        return BankFileHead(
            batch_no=group.batch_no,
            payer=self.payers[group.county],
            term_name=self.term_name,
            program_name=self.programs[group.program],
        )


def _write_file(path: Path, head: BankFileHead, group: _Group, batch_id: int) -> None:
    totals = bank_file_write(path, head, _rows(batch_id))
    if (totals.count, totals.amount_fen) != (group.count, group.amount_fen):
        raise AssertionError(f"{group.batch_no}: the file's totals differ from the batch")


def _serialize_exports() -> None:
    """Two exports at once must not both pick the same entitlements: on PostgreSQL they queue
    on this lock; SQLite already runs one writing transaction at a time."""
    if bulk.vendor() == "postgresql":
        bulk.execute("LOCK TABLE payments_paymentbatch IN SHARE ROW EXCLUSIVE MODE")


def _usable_account(column: str) -> str:
    """SQL: the account is 12 to 19 digits."""
    if bulk.vendor() == "postgresql":
        return f"{column} ~ '^[0-9]{{12,19}}$'"
    return f"(LENGTH({column}) BETWEEN 12 AND 19 AND {column} NOT GLOB '*[^0-9]*')"


def _candidates(term: str, county: str | None) -> None:
    # The term's payments so far, per entitlement: its last payment, and whether one is still
    # open or paid. Worked out on its own so that the plan does not hang on the payments
    # table's statistics (stale right after a big export on PostgreSQL).
    bulk.staging_create(
        "pay_prev",
        [("entitlement_id", "BIGINT PRIMARY KEY"), ("last_id", "BIGINT"), ("taken", "INTEGER")],
    )
    in_county = "AND b.county_id = %s" if county else ""
    bulk.execute(
        f"""
        INSERT INTO pay_prev (entitlement_id, last_id, taken)
        SELECT p.entitlement_id, MAX(p.id),
            MAX(CASE WHEN p.status IN (%s, %s) THEN 1 ELSE 0 END)
        FROM payments_paymentbatch b JOIN payments_payment p ON p.batch_id = b.id
        WHERE b.term_id = %s {in_county}
        GROUP BY p.entitlement_id
        """,
        [PaymentStatus.SENT.value, PaymentStatus.SUCCEEDED.value, term,
         *([county] if county else [])],
    )  # fmt: skip
    bulk.analyze("pay_prev")
    bulk.staging_create("pay_cand", _CANDIDATES)
    in_county = "AND a.county_id = %s" if county else ""
    bulk.execute(
        f"""
        INSERT INTO pay_cand (entitlement_id, county, program, school, amount_fen, payee_name,
            payee_id_number, account_no, bank, student_name, student_id, last_payment_id, kind)
        SELECT a.id, a.county_id, a.program, a.school_id, a.amount_fen, e.payee_name,
            e.payee_id_number, e.account_no, e.bank, e.name,
            COALESCE(p.id_number, p.student_no, e.student_no), v.last_id, 'new'
        FROM aid_entitlement a
        JOIN registry_enrolment e ON e.id = a.enrolment_id
        JOIN registry_person p ON p.id = a.person_id
        LEFT JOIN pay_prev v ON v.entitlement_id = a.id
        WHERE a.term_id = %s AND {entitlement_approved("a")} AND a.amount_fen > 0 {in_county}
          AND (v.taken IS NULL OR v.taken = 0)
        """,
        [term, *([county] if county else [])],
    )
    bulk.analyze("pay_cand")
    bulk.execute(
        f"""
        UPDATE pay_cand SET kind = 'no_account'
        WHERE TRIM(payee_name) = '' OR NOT {_usable_account("account_no")}
        """
    )
    # The last payment of each remaining candidate failed (none is sent or paid): it goes out
    # again only once the payee's account is not the one it failed on.
    bulk.execute(
        """
        UPDATE pay_cand SET kind = CASE
            WHEN p.account_no = pay_cand.account_no AND p.payee_name = pay_cand.payee_name
             AND p.payee_id_number = pay_cand.payee_id_number AND p.bank = pay_cand.bank
            THEN 'awaiting' ELSE 'reissue' END
        FROM payments_payment AS p
        WHERE p.id = pay_cand.last_payment_id AND pay_cand.kind = 'new'
        """
    )
    # A reissue never goes to a name alone: a payee who is not the student (another name than
    # the student's) must be known by an ID number, or the payment waits, reported.
    bulk.execute(
        """
        UPDATE pay_cand SET kind = 'no_payee_id'
        WHERE kind = 'reissue' AND TRIM(payee_id_number) = '' AND payee_name <> student_name
        """
    )


@dataclass(frozen=True)
class _Group:
    county: str
    program: str
    number: int
    count: int
    amount_fen: int
    reissues: int
    term: str

    @property
    def batch_no(self) -> str:
        return f"P{self.term}-{self.county}-{self.program}-{self.number:03d}"


def _groups(term: str) -> list[_Group]:
    rows = bulk.fetch_all(
        """
        SELECT c.county, c.program, COUNT(*), SUM(c.amount_fen),
            SUM(CASE WHEN c.kind = 'reissue' THEN 1 ELSE 0 END),
            (SELECT COALESCE(MAX(b.number), 0) FROM payments_paymentbatch b
             WHERE b.term_id = %s AND b.county_id = c.county AND b.program = c.program)
        FROM pay_cand c WHERE c.kind IN ('new', 'reissue')
        GROUP BY c.county, c.program ORDER BY c.county, c.program
        """,
        [term],
    )
    return [
        _Group(county, program, int(last) + 1, int(n), int(fen), int(reissues), term)
        for county, program, n, fen, reissues, last in rows
    ]


def _counts(groups: list[_Group]) -> dict[str, int]:
    return {
        "batches": len(groups),
        "payments": sum(g.count for g in groups),
        "amount_fen": sum(g.amount_fen for g in groups),
        "reissues": sum(g.reissues for g in groups),
        "no_account": bulk.fetch_all("SELECT COUNT(*) FROM pay_cand WHERE kind = 'no_account'")[0][
            0
        ],
        "no_payee_id": bulk.fetch_all("SELECT COUNT(*) FROM pay_cand WHERE kind = 'no_payee_id'")[
            0
        ][0],
    }


def _create_batches(
    term: str, groups: list[_Group], out: Path, actor: str, now: dt.datetime, event_id: int
) -> dict[str, int]:
    """One row per batch (a few dozen at most): their ids, by batch number."""
    ids: dict[str, int] = {}
    for g in groups:
        batch = PaymentBatch.objects.create(
            batch_no=g.batch_no, term_id=term, county_id=g.county, program=g.program,
            number=g.number, file_path=str(out / f"{g.batch_no}.xlsx"), count=g.count,
            amount_fen=g.amount_fen, reissues=g.reissues, created_by=actor, created_at=now,
            event_id=event_id,
        )  # fmt: skip
        ids[g.batch_no] = batch.pk
    bulk.staging_create(
        "pay_batch", [("county", "VARCHAR(6)"), ("program", "VARCHAR(20)"), ("batch_id", "BIGINT")]
    )
    bulk.rows_load(
        "pay_batch",
        ["county", "program", "batch_id"],
        [(g.county, g.program, ids[g.batch_no]) for g in groups],
    )
    return ids


def _insert_payments() -> None:
    bulk.execute(
        """
        INSERT INTO payments_payment (batch_id, seq, entitlement_id, payee_name, payee_id_number,
            account_no, bank, amount_fen, student_name, student_id, status, failure_reason,
            is_reissue, answered_at, answer_event_id)
        SELECT b.batch_id,
            ROW_NUMBER() OVER (PARTITION BY b.batch_id
                ORDER BY c.school, c.student_id, c.entitlement_id),
            c.entitlement_id, c.payee_name, c.payee_id_number, c.account_no, c.bank,
            c.amount_fen, c.student_name, c.student_id, %s, '', c.kind = 'reissue', NULL, NULL
        FROM pay_cand c JOIN pay_batch b ON b.county = c.county AND b.program = c.program
        WHERE c.kind IN ('new', 'reissue')
        """,
        [PaymentStatus.SENT.value],
    )


def _check_totals(groups: list[_Group], batch_ids: dict[str, int]) -> None:
    if not groups:
        return
    marks = ", ".join(["%s"] * len(batch_ids))
    stored = {
        batch_id: (int(n), int(fen))
        for batch_id, n, fen in bulk.fetch_all(
            f"SELECT batch_id, COUNT(*), SUM(amount_fen) FROM payments_payment"
            f" WHERE batch_id IN ({marks}) GROUP BY batch_id",
            list(batch_ids.values()),
        )
    }
    for g in groups:
        if stored.get(batch_ids[g.batch_no]) != (g.count, g.amount_fen):
            raise AssertionError(f"{g.batch_no}: stored payments differ from the batch totals")


def _rows(batch_id: int) -> Iterator[pl.DataFrame]:
    """The batch's payments in 序号 order, a frame of at most 20,000 at a time."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT seq, payee_name, payee_id_number, account_no, bank, amount_fen, student_name,
                student_id
            FROM payments_payment WHERE batch_id = %s ORDER BY seq
            """,
            [batch_id],
        )
        while chunk := cursor.fetchmany(20_000):
            yield pl.DataFrame(chunk, schema=PAYMENT_SCHEMA, orient="row")


def _unpayable() -> list[Unpayable]:
    return [
        Unpayable(int(e), county, program, school, name, student_id, UNPAYABLE_REASONS[kind])
        for e, county, program, school, name, student_id, kind in bulk.fetch_all(
            """
            SELECT entitlement_id, county, program, school, student_name, student_id, kind
            FROM pay_cand WHERE kind IN ('no_account', 'no_payee_id')
            ORDER BY county, program, school, entitlement_id
            """
        )
    ]

"""The payments area's reads, as plain values: the disbursement rate (发放率), batches and
the payments themselves (the students behind each number)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from zizhu.aid.published_sql import entitlement_approved
from zizhu.core import bulk
from zizhu.core.money import percent
from zizhu.core.scope import Scope
from zizhu.payments.constants import PaymentStatus
from zizhu.payments.models import Payment, PaymentBatch
from zizhu.registry.selectors import term_facts


@dataclass(frozen=True)
class Disbursed:
    """Approved entitlements due (`due`, HELD ones are not approved) against those paid."""

    county: str | None  # None in a total over counties
    program: str | None  # None in a total over programs
    due: int
    due_amount_fen: int
    paid: int
    paid_amount_fen: int
    overdue: int  # due and unpaid after the term's payment due date

    @property
    def unpaid(self) -> int:
        return self.due - self.paid

    @property
    def rate(self) -> str | None:
        """发放率 by headcount: "100.00" when every approved entitlement is paid."""
        return percent(self.paid, self.due)

    @property
    def amount_rate(self) -> str | None:
        return percent(self.paid_amount_fen, self.due_amount_fen)


@dataclass(frozen=True)
class Disbursement:
    term: str
    due_date: dt.date | None
    today: dt.date
    lines: list[Disbursed]  # one per county and program
    counties: list[Disbursed]  # one per county, over its programs
    programs: list[Disbursed]  # one per program, over the counties
    total: Disbursed

    @property
    def overdue_now(self) -> bool:
        return self.due_date is not None and self.today > self.due_date


def disbursement(
    *,
    scope: Scope,
    term: str,
    program: str | None = None,
    today: dt.date | None = None,
) -> Disbursement:
    """The 发放率 of a term per county and program in scope, with totals; `program` narrows
    to one. An entitlement of 0 yuan is not due: nothing is paid for it."""
    facts = term_facts(term)
    today = today or timezone.localdate()
    late = facts.payment_due_date is not None and today > facts.payment_due_date
    in_scope, scope_params = scope.sql(county="a.county_id", school="a.school_id")
    where = ["a.term_id = %s", entitlement_approved("a"), "a.amount_fen > 0", in_scope]
    params = [term, *scope_params]
    if program is not None:
        where.append("a.program = %s")
        params.append(program)
    rows = bulk.fetch_all(
        f"""
        SELECT a.county_id, a.program, COUNT(*), SUM(a.amount_fen), COUNT(p.id),
            COALESCE(SUM(p.amount_fen), 0)
        FROM aid_entitlement a
        LEFT JOIN payments_payment p ON p.entitlement_id = a.id AND p.status = %s
        WHERE {" AND ".join(where)}
        GROUP BY a.county_id, a.program ORDER BY a.county_id, a.program
        """,
        [PaymentStatus.SUCCEEDED.value, *params],
    )
    lines = [
        Disbursed(c, p, int(n), int(fen), int(paid), int(paid_fen), late * (int(n) - int(paid)))
        for c, p, n, fen, paid, paid_fen in rows
    ]
    return Disbursement(
        term=term,
        due_date=facts.payment_due_date,
        today=today,
        lines=lines,
        counties=_totals(lines, by_county=True),
        programs=_totals(lines, by_county=False),
        total=_sum(lines, None, None),
    )


def _totals(lines: list[Disbursed], *, by_county: bool) -> list[Disbursed]:
    keys = sorted({(x.county if by_county else x.program) or "" for x in lines})
    if by_county:
        return [_sum([x for x in lines if x.county == k], k, None) for k in keys]
    return [_sum([x for x in lines if x.program == k], None, k) for k in keys]


def _sum(lines: list[Disbursed], county: str | None, program: str | None) -> Disbursed:
    return Disbursed(
        county=county,
        program=program,
        due=sum(x.due for x in lines),
        due_amount_fen=sum(x.due_amount_fen for x in lines),
        paid=sum(x.paid for x in lines),
        paid_amount_fen=sum(x.paid_amount_fen for x in lines),
        overdue=sum(x.overdue for x in lines),
    )


@dataclass(frozen=True)
class BatchSummary:
    batch_no: str
    county: str
    program: str
    file: str
    count: int
    amount_fen: int
    reissues: int
    created_at: dt.datetime
    sent: int  # still awaiting the bank's answer
    succeeded: int
    failed: int


def batch_list(*, scope: Scope, term: str) -> list[BatchSummary]:
    """A term's batches of the scope's counties, oldest first, with how many of their payments
    the bank answered. A batch is a county's: a school's scope holds none."""
    batches = PaymentBatch.objects.filter(term_id=term).order_by("pk")
    counties = scope.county_codes()
    if scope.school:
        batches = batches.none()
    elif counties is not None:
        batches = batches.filter(county_id__in=counties)
    answers: dict[int, dict[str, int]] = {}
    ids = [b.pk for b in batches]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        for batch_id, status, n in bulk.fetch_all(
            f"SELECT batch_id, status, COUNT(*) FROM payments_payment"
            f" WHERE batch_id IN ({marks}) GROUP BY batch_id, status",
            ids,
        ):
            answers.setdefault(batch_id, {})[status] = int(n)
    return [
        BatchSummary(
            batch_no=b.batch_no,
            county=b.county_id,
            program=b.program,
            file=b.file_path,
            count=b.count,
            amount_fen=b.amount_fen,
            reissues=b.reissues,
            created_at=b.created_at,
            sent=answers.get(b.pk, {}).get(PaymentStatus.SENT.value, 0),
            succeeded=answers.get(b.pk, {}).get(PaymentStatus.SUCCEEDED.value, 0),
            failed=answers.get(b.pk, {}).get(PaymentStatus.FAILED.value, 0),
        )  # fmt: skip
        for b in batches
    ]


@dataclass(frozen=True)
class PaymentRow:
    """One payment as sent, with the bank's answer."""

    id: int
    person_id: int  # the entitlement's person
    name: str  # the student's name as sent
    student_id: str  # the ID number, or 学籍号 where there is none, as sent
    school_code: str
    school_name: str
    county: str
    program: str
    amount_fen: int
    status: str
    failure_reason: str
    is_reissue: bool
    batch_no: str
    seq: int  # 序号 in the batch's bank file
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class PaymentPage:
    total: int  # payments matching, over every page
    amount_fen: int
    rows: list[PaymentRow]


def payment_rows(
    *,
    scope: Scope,
    term: str,
    program: str | None = None,
    status: str | None = None,
    batch_no: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> PaymentPage:
    """A page of a term's payments, by batch number and 序号, with the count and sum of all
    that match: one aggregate and one page query, whatever the page.

    scope: the acting user's, or narrower (scope.narrowed()). A batch holds the entitlements
    of one term, county and program, and an entitlement has at most one successful payment,
    so with status=SUCCEEDED the total is the number of entitlements paid:
    `disbursement(...).paid` and the year report's 人次.
    """
    payments = Payment.objects.filter(
        scope.q(county="batch__county_id", school="entitlement__school_id"), batch__term_id=term
    )
    if program is not None:
        payments = payments.filter(batch__program=program)
    if status is not None:
        payments = payments.filter(status=status)
    if batch_no is not None:
        payments = payments.filter(batch__batch_no=batch_no)
    totals = payments.aggregate(n=Count("id"), amount=Sum("amount_fen"))
    page = payments.order_by("batch__batch_no", "seq").values_list(
        "id", "entitlement__person_id", "student_name", "student_id", "entitlement__school_id",
        "entitlement__school__name", "batch__county_id", "batch__program", "amount_fen",
        "status", "failure_reason", "is_reissue", "batch__batch_no", "seq", "answered_at",
    )[offset : offset + max(0, limit)]  # fmt: skip
    return PaymentPage(
        total=totals["n"],
        amount_fen=int(totals["amount"] or 0),
        rows=[PaymentRow(*row) for row in page],
    )


@dataclass(frozen=True)
class PersonPayment:
    """One payment of a student, as sent and as the bank answered, with where it stands: a
    failed payment is corrected and reissued when a later payment of its entitlement exists."""

    id: int
    person_id: int
    entitlement_id: int
    enrolment_id: int  # the enrolment whose payee it was paid to
    term: str
    program: str
    batch_no: str
    seq: int  # 序号 in the batch's bank file
    amount_fen: int
    payee_name: str
    account_no: str  # whole: mask it where it is shown
    bank: str
    status: str
    failure_reason: str
    is_reissue: bool  # this payment repeats a failed one
    sent_at: dt.datetime  # when its batch was made
    answered_at: dt.datetime | None
    latest: bool  # the newest payment of its entitlement

    @property
    def awaiting_correction(self) -> bool:
        """Failed and not yet sent again: its payee account is to be corrected."""
        return self.latest and self.status == PaymentStatus.FAILED


def payments_of_people(
    *, scope: Scope, person_ids: Collection[int], term: str | None = None
) -> list[PersonPayment]:
    """Every payment in scope of these people (of `term`, where given), by term, program and
    then as sent: one query, whatever the number of people."""
    newest = (
        Payment.objects.filter(entitlement_id=OuterRef("entitlement_id"))
        .order_by("-id")
        .values("id")[:1]
    )
    rows = Payment.objects.filter(
        scope.q(county="batch__county_id", school="entitlement__school_id"),
        entitlement__person_id__in=list(person_ids),
    )
    if term is not None:
        rows = rows.filter(batch__term_id=term)
    found = (
        rows.annotate(newest=Subquery(newest))
        .order_by("batch__term_id", "batch__program", "id")
        .values_list(
            "id", "entitlement__person_id", "entitlement_id", "entitlement__enrolment_id",
            "batch__term_id", "batch__program", "batch__batch_no", "seq", "amount_fen",
            "payee_name", "account_no", "bank", "status", "failure_reason", "is_reissue",
            "batch__created_at", "answered_at", "newest",
        )
    )  # fmt: skip
    return [PersonPayment(*row[:-1], latest=row[0] == row[-1]) for row in found]

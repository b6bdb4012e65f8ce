"""The list of payments behind each number: as many successful payments as the 发放率 and the
year report count paid, narrowed by county, program, status and batch, a page at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.payments.city import CHIKAN, XIASHAN, City, answers, build_city, returns_file
from zizhu.aid.models import Entitlement
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.selectors import PaymentRow, disbursement, payment_rows
from zizhu.payments.services import pay_export
from zizhu.reports.selectors import year_report

CITY = Scope.city()

pytestmark = pytest.mark.django_db

TERM = "2019-2"
AFTER_DUE = dt.date(2020, 1, 2)
FIRST_JDLK = "P2019-2-440802-JDLK_LIVING-001"
REISSUE = "P2019-2-440802-JDLK_LIVING-002"


def pay(city: City, tmp_path: Path, errors_dir: Path) -> str:
    """Export; the bank fails the first 赤坎 JDLK payment and leaves the last 霞山 batch
    unanswered; the account is corrected and the failure reissued and paid. Returns the ID
    number of the student paid on the second try."""
    first = pay_export(scope=Scope.city(), actor="county", term=TERM, out=tmp_path / "out1")
    assert [b.batch_no for b in first.batches][0] == FIRST_JDLK
    for n, batch in enumerate(first.batches[:-1]):  # the last batch: no answer yet
        rows = answers(batch.file, {1: "账号不存在"} if n == 0 else None)
        back = returns_file(tmp_path / f"back{n}.xlsx", rows)
        import_run(kind="returns", scope=CITY, path=back, actor="bank", errors_dir=errors_dir)
    failed = payment_rows(scope=Scope.city(), term=TERM, status="FAILED").rows
    assert [(p.batch_no, p.failure_reason) for p in failed] == [(FIRST_JDLK, "账号不存在")]
    pupil = city.pupil(failed[0].student_id)
    pupil.account = "6228480000000000099"
    city.import_roster(CHIKAN, "corrected")
    again = pay_export(scope=Scope.city(), actor="county", term=TERM, out=tmp_path / "out2")
    assert [(b.batch_no, b.reissues) for b in again.batches] == [(REISSUE, 1)]
    back = returns_file(tmp_path / "back-reissue.xlsx", answers(again.batches[0].file))
    import_run(kind="returns", scope=CITY, path=back, actor="bank", errors_dir=errors_dir)
    return pupil.id_number


def test_the_successful_payments_listed_are_as_many_as_the_rate_and_the_report_count_paid(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 3, XIASHAN: 2})
    pay(city, tmp_path, errors_dir)
    rate = disbursement(scope=Scope.city(), term=TERM, today=AFTER_DUE)
    report = year_report(scope=Scope.city(), year=2019)
    reported = {(line.county, line.code): line.terms[TERM] for line in report.counties}
    assert len(rate.lines) == 4
    for line in rate.lines:
        assert line.county is not None and line.program is not None
        paid = payment_rows(
            scope=Scope.of_county(line.county), term=TERM, program=line.program, status="SUCCEEDED"
        )
        assert (paid.total, paid.amount_fen) == (line.paid, line.paid_amount_fen), line
        tally = reported.get((line.county, line.program))
        assert (paid.total, paid.amount_fen) == (
            (tally.students, tally.amount_fen) if tally else (0, 0)
        ), line
        assert {p.status for p in paid.rows} <= {"SUCCEEDED"}
    # 人次 per program over the city, and the whole term: the list without a county.
    for program in report.programs:
        paid = payment_rows(scope=Scope.city(), term=TERM, program=program.code, status="SUCCEEDED")
        assert paid.total == program.terms[TERM].students
        assert paid.amount_fen == program.terms[TERM].amount_fen
    everything = payment_rows(scope=Scope.city(), term=TERM, status="SUCCEEDED", limit=100)
    assert (everything.total, everything.amount_fen) == (
        rate.total.paid, rate.total.paid_amount_fen,
    )  # fmt: skip
    assert (rate.total.due, rate.total.paid) == (10, 8)  # the unanswered 霞山 batch: 2 unpaid


def test_a_failure_reissued_and_paid_is_listed_twice_but_paid_once(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 3, XIASHAN: 2})
    twice = pay(city, tmp_path, errors_dir)
    every = payment_rows(scope=Scope.of_county("440802"), term=TERM, program="JDLK_LIVING")
    assert [(p.batch_no, p.status, p.is_reissue) for p in every.rows if p.student_id == twice] == [
        (FIRST_JDLK, "FAILED", False),
        (REISSUE, "SUCCEEDED", True),
    ]
    assert (every.total, every.amount_fen) == (4, 4 * 150000)
    paid = payment_rows(
        scope=Scope.of_county("440802"), term=TERM, program="JDLK_LIVING", status="SUCCEEDED"
    )
    assert paid.total == 3 == len({p.person_id for p in paid.rows})
    assert sum(p.student_id == twice for p in paid.rows) == 1
    failed = payment_rows(scope=Scope.city(), term=TERM, batch_no=FIRST_JDLK, status="FAILED")
    assert [(p.student_id, p.failure_reason) for p in failed.rows] == [(twice, "账号不存在")]
    assert failed.rows[0].answered_at is not None
    assert payment_rows(scope=Scope.city(), term=TERM, batch_no=REISSUE).total == 1
    assert (
        payment_rows(scope=Scope.city(), term=TERM, batch_no=FIRST_JDLK, status="SUCCEEDED").total
        == 2
    )


def test_a_row_names_the_student_school_and_batch_of_the_payment(tmp_path: Path, errors_dir: Path):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    pay_export(scope=Scope.city(), actor="county", term=TERM, out=tmp_path / "out")
    found = payment_rows(scope=Scope.of_county("440803"), term=TERM, program="NONBOARDING")
    pupil = next(p for p in city.pupils if p.school == XIASHAN)
    entitlement = Entitlement.objects.get(
        person__id_number=pupil.id_number, program="NONBOARDING", term_id=TERM
    )
    assert found.rows == [
        PaymentRow(
            id=found.rows[0].id, person_id=entitlement.person_id, name=pupil.name,
            student_id=pupil.id_number, school_code=XIASHAN, school_name="霞山小学",
            county="440803", program="NONBOARDING", amount_fen=25000, status="SENT",
            failure_reason="", is_reissue=False, batch_no="P2019-2-440803-NONBOARDING-001",
            seq=1, answered_at=None,
        )
    ]  # fmt: skip
    assert (found.total, found.amount_fen) == (1, 25000)


def test_a_county_sees_its_own_batches_only_and_nothing_of_another_term(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 2, XIASHAN: 1})
    pay_export(scope=Scope.city(), actor="county", term=TERM, out=tmp_path / "out")
    own = payment_rows(scope=Scope.of_county("440803"), term=TERM, limit=100)
    assert own.total == 2 and {p.county for p in own.rows} == {"440803"}
    assert payment_rows(scope=Scope.of_county("440803"), term=TERM, batch_no=FIRST_JDLK).total == 0
    assert payment_rows(scope=Scope.of_county("440811"), term=TERM).rows == []
    assert payment_rows(scope=Scope.city(), term="2019-1").total == 0
    assert payment_rows(scope=Scope.city(), term=TERM).total == 6


def test_pages_follow_the_batch_and_seq_order_and_cost_two_queries_each(
    tmp_path: Path, errors_dir: Path, django_assert_num_queries
):
    build_city(tmp_path, errors_dir, {CHIKAN: 3, XIASHAN: 2})
    pay_export(scope=Scope.city(), actor="county", term=TERM, out=tmp_path / "out")
    whole = payment_rows(scope=Scope.city(), term=TERM, limit=100).rows
    assert len(whole) == 10
    assert [(p.batch_no, p.seq) for p in whole] == sorted((p.batch_no, p.seq) for p in whole)
    pages = []
    for offset in range(0, 12, 3):
        with django_assert_num_queries(2):
            page = payment_rows(scope=Scope.city(), term=TERM, offset=offset, limit=3)
        assert page.total == 10
        pages.extend(page.rows)
    assert pages == whole
    with django_assert_num_queries(2):
        narrow = payment_rows(
            scope=Scope.of_county("440802"),
            term=TERM,
            program="JDLK_LIVING",
            status="SENT",
            batch_no=FIRST_JDLK,
            offset=1,
            limit=1,
        )
    assert narrow.total == 3 and len(narrow.rows) == 1
    assert payment_rows(scope=Scope.city(), term=TERM, limit=0).rows == []

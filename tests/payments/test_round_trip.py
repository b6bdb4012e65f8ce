"""The whole road of a term's money: export, the bank's returns with failures, account
corrections, reissues, until every approved entitlement is paid once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.ids import make_id
from tests.payments.city import CHIKAN, answers, build_city, read_detail, read_summary, returns_file
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment
from zizhu.payments.selectors import disbursement
from zizhu.payments.services import pay_export
from zizhu.registry.models import RosterChange

CITY = Scope.city()

pytestmark = pytest.mark.django_db

AFTER_DUE = dt.date(2020, 1, 2)


def test_every_approved_entitlement_is_paid_once_after_failures_are_corrected_and_reissued(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, junior=2)
    first = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out1")
    assert [(b.batch_no, b.count, b.amount_fen, b.reissues) for b in first.batches] == [
        ("P2019-2-440802-JDLK_LIVING-001", 4, 600000, 0),
        ("P2019-2-440802-NONBOARDING-001", 4, 2 * 31250 + 2 * 25000, 0),
        ("P2019-2-440803-JDLK_LIVING-001", 3, 450000, 0),
        ("P2019-2-440803-NONBOARDING-001", 3, 75000, 0),
    ]
    assert first.no_account == []
    jdlk_file = first.batches[0].file
    assert read_summary(jdlk_file) == {
        "批次号": "P2019-2-440802-JDLK_LIVING-001",
        "付款单位": "赤坎区教育局",
        "学期": "2019年秋季学期",
        "资助项目": "建档立卡贫困学生生活费补助",
        "总笔数": "4",
        "总金额": "6000",
    }
    sent = read_detail(jdlk_file)
    assert [row["摘要"] for row in sent] == ["2019年秋季学期建档立卡贫困学生生活费补助"] * 4
    wrong_account, wrong_name = (city.pupil(row["学生身份证件号"]) for row in sent[:2])

    # The bank pays all but two of the first file.
    failures = {1: "账号不存在", 2: "户名不符"}
    for n, batch in enumerate(first.batches):
        rows = answers(batch.file, failures if n == 0 else None)
        result = import_run(
            kind="returns",
            scope=CITY,
            path=returns_file(tmp_path / f"back{n}.xlsx", rows),
            actor="bank",
            errors_dir=errors_dir,
        )
        assert (result.accepted, result.rejected, result.unchanged) == (len(rows), 0, 0)
        assert result.extra == {"succeeded": len(rows) - (2 if n == 0 else 0),
                                "failed": 2 if n == 0 else 0}  # fmt: skip
    failed = Payment.objects.filter(status="FAILED").order_by("seq")
    assert [p.failure_reason for p in failed] == ["账号不存在", "户名不符"]
    rate = disbursement(scope=Scope.city(), term="2019-2", today=AFTER_DUE)
    assert (rate.total.due, rate.total.paid, rate.total.rate) == (14, 12, "85.71")
    assert rate.total.overdue == 2

    # Nothing goes out again until the accounts are corrected.
    again = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out2")
    assert (again.batches, again.awaiting_correction) == ([], 2)

    # The school re-imports its roster: a new account for one, the right payee for the other,
    # a parent, with the parent's ID number (a reissue never goes to a parent's name alone).
    wrong_account.account = "6228480000000000099"
    wrong_name.payee = "王家长"
    wrong_name.payee_id = make_id(region="440802", birth="19900101", seq=77)
    city.import_roster(CHIKAN, "corrected")
    change = RosterChange.objects.get(new_account="6228480000000000099")  # audited
    assert change.old_account != change.new_account
    reissue = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out3")
    assert [(b.batch_no, b.count, b.amount_fen, b.reissues) for b in reissue.batches] == [
        ("P2019-2-440802-JDLK_LIVING-002", 2, 300000, 2)
    ]
    resent = read_detail(reissue.batches[0].file)
    assert {(r["收款人姓名"], r["收款账号"]) for r in resent} == {
        (wrong_account.name, "6228480000000000099"),
        (wrong_name.payee, wrong_name.account),
    }
    back = returns_file(tmp_path / "back-reissue.csv", answers(reissue.batches[0].file))
    answered = import_run(
        kind="returns", scope=CITY, path=back, actor="bank", errors_dir=errors_dir
    )
    assert answered.extra == {
        "succeeded": 2, "failed": 0,
    }  # fmt: skip

    rate = disbursement(scope=Scope.city(), term="2019-2", today=AFTER_DUE)
    assert (rate.total.due, rate.total.paid, rate.total.rate, rate.total.amount_rate) == (
        14, 14, "100.00", "100.00",
    )  # fmt: skip
    assert rate.total.overdue == 0
    assert (
        rate.total.paid_amount_fen == rate.total.due_amount_fen == 600000 + 112500 + 450000 + 75000
    )
    assert [(c.county, c.rate) for c in rate.counties] == [
        ("440802", "100.00"),
        ("440803", "100.00"),
    ]
    assert (
        pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out4").batches
        == []
    )
    assert Payment.objects.filter(status="SUCCEEDED").count() == 14
    assert Payment.objects.filter(is_reissue=True).count() == 2
    assert Event.objects.filter(action="payments.export").count() == 4

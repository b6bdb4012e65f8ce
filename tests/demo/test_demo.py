"""`zizhu demo` end to end at a small scale: the report is what the generator's parameters
imply, and changing one stored fact changes it by exactly that fact."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.aid.scenario import lists_approved
from tests.ids import make_id
from zizhu.aid.services import approve, entitle
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope
from zizhu.demo import run_demo
from zizhu.demo.run import RETURNS_HEADERS, bank_answer
from zizhu.demo.text import target_mismatches
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment
from zizhu.payments.services import pay_export
from zizhu.reports.selectors import year_report
from zizhu.synth.seed2019 import SEED, Targets

CITY = Scope.city()

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCALE = 0.003  # about 4,800 students


def _line(report: dict[str, Any], code: str, term: str) -> dict[str, Any]:
    program = next(p for p in report["programs"] if p["code"] == code)
    return dict(program["terms"][term])


def test_targets_are_the_seed_counts_times_the_scale() -> None:
    targets = Targets.at(0.01)
    for program, terms in SEED.items():
        for term, (total, _) in terms.items():
            assert targets.students(program, term) == round(total * 0.01)
    whole = Targets.at(1.0)
    assert whole.amount("BOARDING", "2019-1") == 7_310_000
    assert whole.amount("NONBOARDING", "2019-2") == 18_050_000
    assert whole.amount("SEN_TUITION", "2019-1") + whole.amount("SEN_TUITION", "2019-2") == (
        14_473_000
    )
    assert whole.amount("PRE_AID", "2019-1") == 24_977_000


def test_the_demo_reproduces_its_targets_and_each_stored_fact_counts(tmp_path: Path) -> None:
    result = run_demo(scale=SCALE, out=tmp_path / "demo")
    report = result.report.as_json()
    expected = result.city.targets.report_json()
    assert target_mismatches(result) == []
    assert [(p["code"], p["terms"]) for p in report["programs"]] == [
        (p["code"], p["terms"]) for p in expected["programs"]
    ]
    assert report["loans"] == expected["loans"]
    assert {t: d["rate"] for t, d in report["disbursement"].items()} == {
        "2019-1": "100.00", "2019-2": "100.00"
    }  # fmt: skip
    assert all(run.rounds[0][1] > 0 for run in result.terms.values())  # the bank did fail some

    # One payment's success removed: that program and term lose one student and its amount.
    payment = Payment.objects.filter(
        status="SUCCEEDED", entitlement__program="PRE_AID", entitlement__term_id="2019-1"
    ).first()
    assert payment is not None
    payment.status = "FAILED"
    payment.save(update_fields=["status"])
    after = year_report(scope=Scope.city(), year=2019).as_json()
    before = _line(report, "PRE_AID", "2019-1")
    assert _line(after, "PRE_AID", "2019-1") == {
        "students": before["students"] - 1,
        "amount": f"{Decimal(before['amount']) - 500:.2f}",
    }
    spring = report["disbursement"]["2019-1"]
    assert after["disbursement"]["2019-1"]["paid"] == spring["paid"] - 1
    assert after["disbursement"]["2019-1"]["due"] == spring["due"]
    assert after["disbursement"]["2019-1"]["rate"] != "100.00"
    # 资金分担 (added with the funding shares): PRE_AID's 500 yuan less, 80% central, 20% province.
    shares = report["funding"]["PRE_AID"]
    assert after["funding"]["PRE_AID"] == {
        "central": f"{Decimal(shares['central']) - 400:.2f}",
        "provincial": f"{Decimal(shares['provincial']) - 100:.2f}",
        "city": shares["city"], "county": shares["county"],
    }  # fmt: skip
    unchanged = copy.deepcopy(report)
    for doc in (after, unchanged):
        doc["programs"] = [p for p in doc["programs"] if p["code"] != "PRE_AID"]
        doc["disbursement"].pop("2019-1")
        doc["funding"].pop("PRE_AID")
    assert after == unchanged
    payment.status = "SUCCEEDED"
    payment.save(update_fields=["status"])
    assert year_report(scope=Scope.city(), year=2019).as_json() == report

    # One enrolment added: a 普通高中 student the school assesses 特别困难, entitled, approved
    # and paid: SEN_GRANT of the autumn gains one student and 1,000 yuan, nothing else moves.
    _enrol_one(result.city, tmp_path)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    # The list changed after its 公示: it needs a new one (issue 11.8) before it is approved.
    with pytest.raises(Refused) as stale:
        approve(scope=Scope.city(), actor="test", term="2019-2", today=dt.date(2019, 10, 8),
                with_unconfirmed=True)  # fmt: skip
    assert stale.value.code == Code.APPROVAL_PUBLICITY_STALE
    lists_approved("2019-2", start=dt.date(2019, 10, 8), today=dt.date(2019, 10, 16))
    exported = pay_export(scope=Scope.city(), actor="test", term="2019-2", out=tmp_path / "extra")
    assert [(b.program, b.count) for b in exported.batches] == [("SEN_GRANT", 1)]
    answers = bank_answer(exported.batches[0].file, fail=0.0).select(RETURNS_HEADERS)
    answers.write_csv(tmp_path / "extra-returns.csv")
    import_run(
        kind="returns", scope=CITY, path=tmp_path / "extra-returns.csv", actor="test", term="2019-2"
    )
    grown = year_report(scope=Scope.city(), year=2019).as_json()
    line = _line(report, "SEN_GRANT", "2019-2")
    assert _line(grown, "SEN_GRANT", "2019-2") == {
        "students": line["students"] + 1,
        "amount": f"{Decimal(line['amount']) + 1000:.2f}",
    }
    autumn = report["disbursement"]["2019-2"]
    assert grown["disbursement"]["2019-2"]["due"] == autumn["due"] + 1
    assert grown["disbursement"]["2019-2"]["paid"] == autumn["paid"] + 1
    assert grown["disbursement"]["2019-2"]["rate"] == "100.00"
    for doc in (grown, unchanged := copy.deepcopy(report)):
        doc["programs"] = [p for p in doc["programs"] if p["code"] != "SEN_GRANT"]
        doc["disbursement"].pop("2019-2")
        doc["funding"].pop("SEN_GRANT")  # added with the funding shares: it grows by 1000
    assert grown == unchanged


def _enrol_one(city: Any, tmp_path: Path) -> None:
    """A new student on a 普通高中's autumn roster, with the school's 认定 特别困难."""
    roster: pl.DataFrame = city.roster("2019-2")
    senior = roster.filter((pl.col("stage") == "普通高中") & (pl.col("在校状态") == "在读"))
    model = senior.filter(pl.col("收款账号").is_not_null()).row(0, named=True)
    school = model["学校标识码"]
    id_number = make_id(
        region="440803", birth="20040506", seq=777 if model["性别"] == "男" else 778
    )
    new = {**model, "姓名": "演示新生", "身份证件号": id_number, "学籍号": f"G{id_number}",
           "户籍地代码": "440803", "收款账号": "6217000000000123456"}  # fmt: skip
    rows = pl.concat([roster.filter(pl.col("学校标识码") == school), pl.DataFrame([new])],
                     how="vertical_relaxed")  # fmt: skip
    headers = [c for c in roster.columns if c not in ("county", "pid", "stage")]
    rows.select(headers).write_csv(tmp_path / "roster.csv")
    assert (
        import_run(
            kind="students", scope=CITY, path=tmp_path / "roster.csv", actor="test", term="2019-2"
        ).rejected
        == 0
    )
    assessed = city.assessments("2019-2").filter(pl.col("学校标识码") == school).drop("county")
    extra = {"学期": "2019年秋季学期", "学校标识码": school, "学籍号": f"G{id_number}",
             "姓名": "演示新生", "身份证件号": id_number, "困难等级": "特别困难",
             "认定依据": "家庭遭受自然灾害"}  # fmt: skip
    pl.concat([assessed, pl.DataFrame([extra])]).write_csv(tmp_path / "assessed.csv")
    assert (
        import_run(
            kind="hardship", scope=CITY, path=tmp_path / "assessed.csv", actor="test", term="2019-2"
        ).rejected
        == 0
    )

"""`pay export`: batches per county and program, bank files whose control totals equal their
rows, money whole fen from entitlement to file, and 不重发 guarded by the database."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.payments.city import CHIKAN, XIASHAN, build_city, read_detail, read_summary
from tests.refusals import refused
from zizhu.aid.models import Entitlement
from zizhu.core.errors import Code
from zizhu.core.money import yuan_to_fen
from zizhu.core.scope import Scope
from zizhu.core.xlsx import MONEY, TEXT, Workbook
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import read_table
from zizhu.intake.values import money_fen
from zizhu.payments.models import Payment, PaymentBatch
from zizhu.payments.services import pay_export
from zizhu.registry.models import Enrolment, Person

pytestmark = pytest.mark.django_db


def test_in_every_file_the_control_totals_equal_the_rows_and_money_stays_whole_fen(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 9, XIASHAN: 5}, junior=5)
    result = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    assert len(result.batches) == 4
    for batch in result.batches:
        rows, summary = read_detail(batch.file), read_summary(batch.file)
        fen = [yuan_to_fen(r["金额"]) for r in rows]
        assert int(summary["总笔数"]) == len(rows) == batch.count
        assert yuan_to_fen(summary["总金额"]) == sum(f for f in fen if f) == batch.amount_fen
        assert [int(r["序号"]) for r in rows] == list(range(1, len(rows) + 1))
        stored = Payment.objects.filter(batch__batch_no=batch.batch_no).order_by("seq")
        assert [p.amount_fen for p in stored] == fen
        assert [p.amount_fen for p in stored] == [
            Entitlement.objects.get(pk=p.entitlement_id).amount_fen for p in stored
        ]
    junior = [r for b in result.batches for r in read_detail(b.file) if r["金额"] == "312.5"]
    assert len(junior) == 5
    approved = Entitlement.objects.filter(status="APPROVED").aggregate(s=Sum("amount_fen"))["s"]
    assert result.amount_fen == approved == PaymentBatch.objects.aggregate(s=Sum("amount_fen"))["s"]


def test_ids_and_accounts_are_text_cells_and_amounts_numbers_with_two_decimals(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 2}, junior=1)
    batch = pay_export(
        scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out"
    ).batches[1]
    book = openpyxl.load_workbook(batch.file)
    assert book.sheetnames == ["汇总", "代发明细"]
    detail = book["代发明细"]
    header = [c.value for c in detail[1]]
    assert header[:3] == ["批次号", "序号", "收款人姓名"]
    row = {h: c for h, c in zip(header, detail[2], strict=True)}
    for column in ["收款人身份证号", "收款账号", "学生身份证件号", "批次号"]:
        assert (row[column].data_type, row[column].number_format) == ("s", "@")
    assert row["收款账号"].value == "6217000000000000001"
    assert isinstance(row["金额"].value, float) and row["金额"].number_format == "0.00"
    assert row["金额"].value == 312.5 and row["序号"].value == 1
    summary = [c.value for c in book["汇总"][2]]
    assert summary == [batch.batch_no, "赤坎区教育局", "2019年秋季学期",
                       "农村义务教育非寄宿家庭经济困难学生生活费补助", 2, 562.5]  # fmt: skip
    assert book["汇总"]["F2"].number_format == "0.00"


AMOUNTS = Layout("t", "t", (Column("金额", "amount", required=True),))
# The reader renders a number cell with 9 decimals (fastexcel), so from 1,000,000 yuan on a
# number cell reads back as '9029208.109999999': fine for any one payment, not for a county's
# 总金额 read by machine. The file itself holds the exact decimal ('9029208.11').
READ_EXACTLY_BELOW_FEN = 10**8


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=READ_EXACTLY_BELOW_FEN - 1), max_size=200))
def test_any_amount_written_to_a_file_reads_back_as_the_same_fen(tmp_path_factory, fens):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("amounts") / "a.xlsx"
    with Workbook(path) as book:
        book.sheet("t", ["金额", "名"], [MONEY, TEXT], [(f, "<&>\x01名") for f in fens])
        book.close()
    frame = read_table(path, AMOUNTS).frame
    assert frame.select(money_fen("amount"))["amount"].to_list() == fens


def test_a_large_total_is_written_as_its_exact_decimal(tmp_path: Path):
    path = tmp_path / "total.xlsx"
    with Workbook(path) as book:
        book.sheet("t", ["金额"], [MONEY], [(902920811,)])
        book.close()
    assert openpyxl.load_workbook(path)["t"]["A2"].value == 9029208.11
    with zipfile.ZipFile(path) as z:
        assert b"<v>9029208.11</v>" in z.read("xl/worksheets/sheet1.xml")


def test_an_entitlement_without_a_usable_account_is_left_out_and_listed(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 3})
    no_account, short_account = city.pupils[0], city.pupils[1]
    no_account.account = ""
    city.import_roster(CHIKAN, "blank")
    Enrolment.objects.filter(person__id_number=short_account.id_number).update(account_no="62170")
    result = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    assert [b.count for b in result.batches] == [1, 1]
    assert sorted((u.program, u.student_id, u.student_name) for u in result.no_account) == sorted(
        (program, p.id_number, p.name)
        for program in ["JDLK_LIVING", "NONBOARDING"]
        for p in (no_account, short_account)
    )
    # Once the school's roster gives the accounts, the entitlements go out, for the first time.
    no_account.account = "6217000000000000123"
    city.import_roster(CHIKAN, "fixed")
    later = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    assert [(b.batch_no[-3:], b.count, b.reissues) for b in later.batches] == [
        ("002", 2, 0), ("002", 2, 0),
    ]  # fmt: skip
    assert later.no_account == []


def test_a_student_without_an_id_number_is_named_by_the_student_number(
    tmp_path: Path, errors_dir: Path
):
    city = build_city(tmp_path, errors_dir, {CHIKAN: 1})
    Person.objects.filter(id_number=city.pupils[0].id_number).update(
        id_number=None, student_no="J440802201001010011"
    )
    batch = pay_export(
        scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out"
    ).batches[0]
    assert read_detail(batch.file)[0]["学生身份证件号"] == "J440802201001010011"


def test_one_county_may_be_exported_alone(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir)
    result = pay_export(
        scope=Scope.of_county("440803"), actor="county", term="2019-2", out=tmp_path / "out"
    )
    assert {b.county for b in result.batches} == {"440803"}
    rest = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    assert {b.county for b in rest.batches} == {"440802"}


def test_an_unknown_term_or_county_is_refused_and_nothing_changes(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1})
    with refused(Code.TERM_UNKNOWN):
        pay_export(scope=Scope.city(), actor="county", term="2031-1", out=tmp_path / "out")
    with refused(Code.SCOPE_OUTSIDE):
        pay_export(
            scope=Scope.of_county("440106"), actor="county", term="2019-2", out=tmp_path / "out"
        )
    assert not PaymentBatch.objects.exists()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_database_refuses_a_second_open_or_successful_payment_for_one_entitlement(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 1})
    pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    payment = Payment.objects.order_by("pk").first()
    assert payment is not None
    again = {f.attname: getattr(payment, f.attname) for f in Payment._meta.concrete_fields}
    again.pop("id")
    again["seq"] = 99
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(**again)  # a second SENT payment
    Payment.objects.filter(pk=payment.pk).update(status="SUCCEEDED")
    again["status"] = "SUCCEEDED"
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(**again)  # a second successful payment
    again["status"] = "FAILED"
    Payment.objects.create(**again)  # a failure on record is no payment…
    # …and a paid entitlement never goes out again, whatever its latest payment says.
    assert (
        pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out2").batches
        == []
    )


def test_a_failed_export_leaves_no_batch_and_no_file(
    tmp_path: Path, errors_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    build_city(tmp_path, errors_dir, {CHIKAN: 2})
    from zizhu.payments import _export

    calls = []

    def broken(path, head, rows):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(path, head, rows)

    original = _export.bank_file_write
    monkeypatch.setattr(_export, "bank_file_write", broken)
    with pytest.raises(OSError):
        pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    assert not PaymentBatch.objects.exists() and not Payment.objects.exists()
    assert list((tmp_path / "out").iterdir()) == []

"""A county officer corrects a payee account: validated, checked against the payee as it
stood when the officer saw it, recorded as a roster change and an audit event, and the failed
payment goes out again as a reissue at the next export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.ids import break_check, make_id
from tests.payments.city import CHIKAN, XIASHAN, answers, build_city, returns_file
from tests.refusals import refused
from zizhu.core.clock import fixed_clock
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export
from zizhu.registry.models import Enrolment, RosterChange
from zizhu.registry.selectors import enrolment_payee, payee_enrolment
from zizhu.registry.services import payee_account_change, payee_account_check

pytestmark = pytest.mark.django_db

GOOD = {"payee_name": "学生1", "payee_id_number": "", "account_no": "6228480000000000123",
        "bank": "中国农业银行"}  # fmt: skip
PARENT = make_id(region="440802", birth="19850101", seq=31)
CHIKAN_COUNTY = Scope.of_county("440802")


def first_enrolment() -> Enrolment:
    return Enrolment.objects.filter(school_id=CHIKAN).order_by("pk").first()  # type: ignore[return-value]


def seen(enrolment: Enrolment) -> str:
    """The token of the payee as an officer sees it now."""
    shown = enrolment_payee(scope=Scope.city(), enrolment_id=enrolment.pk)
    assert shown is not None
    return shown.payee.token


def change(enrolment: Enrolment, scope: Scope = CHIKAN_COUNTY, **fields: Any) -> list[str]:
    values = {**GOOD, "seen": seen(enrolment), **fields}
    return payee_account_change(scope=scope, actor="web:county", enrolment_id=enrolment.pk,
                                **values)  # fmt: skip


def unchanged_since(enrolment: Enrolment, events: int) -> None:
    """The refused correction left the enrolment, the roster changes and the events alone."""
    stored = Enrolment.objects.get(pk=enrolment.pk)
    fields = ("payee_name", "payee_id_number", "account_no", "bank", "event_id")
    assert [getattr(stored, f) for f in fields] == [getattr(enrolment, f) for f in fields]
    assert not RosterChange.objects.filter(enrolment=enrolment, kind="CHANGED").exists()
    assert Event.objects.count() == events


def test_it_changes_the_account_with_a_roster_change_and_an_event(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    old = enrolment.account_no
    changed = change(enrolment)
    assert "account_no" in changed
    enrolment.refresh_from_db()
    assert enrolment.account_no == GOOD["account_no"] and enrolment.bank == "中国农业银行"
    change_row = RosterChange.objects.get(enrolment=enrolment, kind="CHANGED")
    assert "account_no," in change_row.fields
    assert (change_row.old_account, change_row.new_account) == (old, GOOD["account_no"])
    event = Event.objects.get(pk=change_row.event_id)
    assert event.action == "registry.account_change" and event.actor == "web:county"
    assert enrolment.event_id == event.pk


def test_the_same_account_again_records_nothing(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    change(enrolment)
    assert change(first_enrolment()) == []
    assert RosterChange.objects.filter(enrolment=enrolment, kind="CHANGED").count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"account_no": "62284800001"}, Code.ACCOUNT_INVALID),
        ({"account_no": "62284800000000001234"}, Code.ACCOUNT_INVALID),
        ({"account_no": "6228 4800 0000 0001"}, Code.ACCOUNT_INVALID),
        ({"payee_name": "  "}, Code.ACCOUNT_INVALID),
        ({"payee_id_number": "440802201001010000"}, Code.ACCOUNT_INVALID),
        ({"payee_id_number": break_check(PARENT), "payee_name": "王父"}, Code.ACCOUNT_INVALID),
        ({"payee_id_number": make_id(birth="20300101"), "payee_name": "王父"},
         Code.ACCOUNT_INVALID),  # a birth date in the future
        ({"payee_id_number": "44080219850101003", "payee_name": "王父"}, Code.ACCOUNT_INVALID),
        ({"payee_id_number": make_id(birth="19800101"), "payee_name": "王父"},
         Code.ACCOUNT_INVALID),  # 440802 was made a district in 1984
        ({"payee_name": "王父", "payee_id_number": ""}, Code.PAYEE_ID_REQUIRED),
        ({"bank": "农业银行"}, Code.ACCOUNT_INVALID),  # not a bank of the list
        ({"bank": ""}, Code.ACCOUNT_INVALID),
        ({"payee_name": "王" * 10_000}, Code.TOO_LONG),
        ({"bank": "中国农业银行" * 5_000}, Code.TOO_LONG),
        ({"payee_id_number": "4" * 100_000}, Code.ACCOUNT_INVALID),
        ({"account_no": "6" * 100_000}, Code.ACCOUNT_INVALID),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_correction_and_changes_nothing(
    tmp_path: Path, errors_dir: Path, fields: dict[str, str], code: Code
):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    events = Event.objects.count()
    with refused(code):
        change(enrolment, **fields)
    with refused(code):  # the check before the confirmation refuses it the same way
        payee_account_check(scope=CHIKAN_COUNTY, enrolment_id=enrolment.pk, **{**GOOD, **fields})
    unchanged_since(enrolment, events)


def test_the_birth_date_is_judged_by_the_clock_it_is_given(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    born = make_id(region="440802", birth="20190601", seq=31)
    before = fixed_clock(dt.datetime(2019, 5, 1, tzinfo=dt.UTC))
    with refused(Code.ACCOUNT_INVALID):
        change(enrolment, payee_name="王父", payee_id_number=born, clock=before)
    after = fixed_clock(dt.datetime(2019, 7, 1, tzinfo=dt.UTC))
    assert change(enrolment, payee_name="王父", payee_id_number=born, clock=after)


def test_another_countys_officer_cannot_change_the_account(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    events = Event.objects.count()
    for scope in (Scope.of_county("440803"), Scope.of_school(CHIKAN, county="440802")):
        with pytest.raises(Exception) as caught:
            change(enrolment, scope=scope)
        assert getattr(caught.value, "code", None) in (Code.NOT_FOUND, Code.ROLE_FORBIDDEN)
    with refused(Code.READ_ONLY):
        change(enrolment, scope=Scope.city().read_only())
    unchanged_since(enrolment, events)


def test_a_correction_made_on_an_old_view_of_the_payee_is_refused(tmp_path: Path, errors_dir: Path):
    """Two officers open the form at once: the first correction stands, the second is refused
    since the payee it was made against is gone."""
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    token = seen(enrolment)
    change(enrolment, seen=token, payee_name="王父", payee_id_number=PARENT)
    stored = Enrolment.objects.get(pk=enrolment.pk)
    events = Event.objects.count()
    with refused(Code.ACCOUNT_CHANGED):
        change(enrolment, seen=token, account_no="6217000000000009999")
    after = Enrolment.objects.get(pk=enrolment.pk)
    assert (after.payee_name, after.payee_id_number, after.account_no, after.event_id) == (
        "王父", PARENT, GOOD["account_no"], stored.event_id)  # fmt: skip
    assert Event.objects.count() == events
    assert RosterChange.objects.filter(enrolment=enrolment, kind="CHANGED").count() == 1


def test_the_event_holds_the_accounts_and_the_payee_id_masked(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    change(enrolment, payee_name="王父", payee_id_number=PARENT)
    event = Event.objects.get(action="registry.account_change")
    assert GOOD["account_no"] not in str(event.detail) and PARENT not in str(event.detail)
    assert event.detail["new_account"] == "6228********0123"


def test_it_accepts_a_parent_with_a_valid_id_number(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    change(enrolment, payee_name="王父", payee_id_number=PARENT.lower())
    enrolment.refresh_from_db()
    assert (enrolment.payee_name, enrolment.payee_id_number) == ("王父", PARENT)


def test_the_check_shows_the_old_payee_beside_the_new(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    checked = payee_account_check(scope=CHIKAN_COUNTY, enrolment_id=enrolment.pk, **GOOD)
    assert checked.old.account_no == enrolment.account_no
    assert checked.new.account_no == GOOD["account_no"]
    assert "account_no" in checked.changed and checked.old.token == seen(enrolment)


def test_the_enrolment_is_found_only_inside_the_county(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    found = {"person_id": enrolment.person_id, "term": "2019-2", "school": CHIKAN}
    assert payee_enrolment(scope=Scope.of_county("440802"), **found) == enrolment.pk
    assert payee_enrolment(scope=Scope.city(), **found) == enrolment.pk
    assert payee_enrolment(scope=Scope.of_county("440803"), **found) is None
    assert enrolment_payee(scope=Scope.of_county("440803"), enrolment_id=enrolment.pk) is None


def fail_every_first_row(tmp_path: Path, errors_dir: Path) -> list[str]:
    sent = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "out"
    )
    assert sent.batches and all(b.county == "440802" for b in sent.batches)
    for batch in sent.batches:
        back = returns_file(tmp_path / f"back-{batch.batch_no}.xlsx",
                            answers(batch.file, {1: "账户不存在"}))  # fmt: skip
        done = import_run(kind="returns", scope=Scope.city(), path=back, actor="bank",
                          errors_dir=errors_dir)  # fmt: skip
        assert done.rejected == 0
    return [b.batch_no for b in sent.batches]


def test_a_failed_payment_goes_out_again_as_a_reissue_once_the_account_is_corrected(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    batches = fail_every_first_row(tmp_path, errors_dir)
    again = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "again"
    )
    assert again.batches == [] and again.awaiting_correction == len(batches)
    change(first_enrolment())
    reissued = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "re"
    )
    assert [b.reissues for b in reissued.batches] == [1] * len(batches)
    assert reissued.awaiting_correction == 0


def test_a_reissue_to_a_parent_without_an_id_number_is_not_sent_and_says_why(
    tmp_path: Path, errors_dir: Path
):
    """A payee corrected by other means (a roster, a bulk correction) to someone who is not
    the student and has no ID number: the reissue is held back, reported, not sent."""
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    batches = fail_every_first_row(tmp_path, errors_dir)
    Enrolment.objects.filter(pk=first_enrolment().pk).update(
        payee_name="王父", payee_id_number="", account_no="6217000000000007777"
    )
    held = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "held"
    )
    assert held.batches == []
    assert len(held.no_account) == len(batches)
    assert {u.reason for u in held.no_account} == {"补发的收款人不是学生本人，缺少收款人身份证号"}
    event = Event.objects.filter(action="payments.export").latest("pk")
    assert event.counts["no_payee_id"] == len(batches)
    Enrolment.objects.filter(pk=first_enrolment().pk).update(payee_id_number=PARENT)
    sent = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "sent"
    )
    assert [b.reissues for b in sent.batches] == [1] * len(batches) and sent.no_account == []

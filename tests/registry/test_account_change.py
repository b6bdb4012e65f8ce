"""A county officer corrects a payee account: validated, recorded as a roster change and an
audit event, and the failed payment goes out again as a reissue at the next export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ids import make_id
from tests.payments.city import CHIKAN, XIASHAN, answers, build_city, returns_file
from tests.refusals import refused
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export
from zizhu.registry.models import Enrolment, RosterChange
from zizhu.registry.selectors import payee_enrolment
from zizhu.registry.services import payee_account_change

CITY = Scope.city()

pytestmark = pytest.mark.django_db

GOOD = {"payee_name": "学生1", "payee_id_number": "", "account_no": "6228480000000000123",
        "bank": "农业银行"}  # fmt: skip


def first_enrolment() -> Enrolment:
    return Enrolment.objects.filter(school_id=CHIKAN).order_by("pk").first()  # type: ignore[return-value]


def test_it_changes_the_account_with_a_roster_change_and_an_event(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    old = enrolment.account_no
    changed = payee_account_change(
        scope=Scope.city(), actor="web:county", enrolment_id=enrolment.pk, **GOOD
    )
    assert "account_no" in changed
    enrolment.refresh_from_db()
    assert enrolment.account_no == GOOD["account_no"] and enrolment.bank == "农业银行"
    change = RosterChange.objects.get(enrolment=enrolment, kind="CHANGED")
    assert "account_no," in change.fields
    assert (change.old_account, change.new_account) == (old, GOOD["account_no"])
    event = Event.objects.get(pk=change.event_id)
    assert event.action == "registry.account_change" and event.actor == "web:county"
    assert enrolment.event_id == event.pk


def test_the_same_account_again_records_nothing(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    payee_account_change(scope=Scope.city(), actor="web:county", enrolment_id=enrolment.pk, **GOOD)
    assert (
        payee_account_change(
            scope=Scope.city(), actor="web:county", enrolment_id=enrolment.pk, **GOOD
        )
        == []
    )
    assert RosterChange.objects.filter(enrolment=enrolment, kind="CHANGED").count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"account_no": "62284800001"},
        {"account_no": "62284800000000001234"},
        {"account_no": "6228 4800 0000 0001"},
        {"payee_name": "  "},
        {"payee_id_number": "440802201001010000"},
    ],
)
def test_it_refuses_a_bad_account_and_changes_nothing(
    tmp_path: Path, errors_dir: Path, fields: dict[str, str]
):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    events = Event.objects.count()
    with refused(Code.ACCOUNT_INVALID):
        payee_account_change(
            scope=Scope.city(), actor="web:county", enrolment_id=enrolment.pk, **{**GOOD, **fields}
        )
    enrolment.refresh_from_db()
    assert enrolment.account_no != GOOD["account_no"]
    assert Event.objects.count() == events
    assert not RosterChange.objects.filter(enrolment=enrolment, kind="CHANGED").exists()


def test_another_countys_officer_cannot_change_the_account(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    events = Event.objects.count()
    with refused(Code.NOT_FOUND):
        payee_account_change(
            scope=Scope.of_county("440803"), actor="web:xiashan", enrolment_id=enrolment.pk,
            **GOOD,
        )  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.account_no != GOOD["account_no"]
    assert Event.objects.count() == events


def test_the_event_holds_the_accounts_masked(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    payee_account_change(scope=Scope.city(), actor="web:county", enrolment_id=enrolment.pk, **GOOD)
    event = Event.objects.get(action="registry.account_change")
    assert GOOD["account_no"] not in str(event.detail)
    assert event.detail["new_account"] == "6228********0123"


def test_it_accepts_a_valid_payee_id_number(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    parent = make_id(region="440802", birth="19850101", seq=31)
    payee_account_change(
        scope=Scope.city(),
        actor="web:county",
        enrolment_id=enrolment.pk,
        **{**GOOD, "payee_id_number": parent},
    )
    enrolment.refresh_from_db()
    assert enrolment.payee_id_number == parent


def test_the_enrolment_is_found_only_inside_the_county(tmp_path: Path, errors_dir: Path):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    enrolment = first_enrolment()
    found = {"person_id": enrolment.person_id, "term": "2019-2", "school": CHIKAN}
    assert payee_enrolment(scope=Scope.of_county("440802"), **found) == enrolment.pk
    assert payee_enrolment(scope=Scope.city(), **found) == enrolment.pk
    assert payee_enrolment(scope=Scope.of_county("440803"), **found) is None


def test_a_failed_payment_goes_out_again_as_a_reissue_once_the_account_is_corrected(
    tmp_path: Path, errors_dir: Path
):
    build_city(tmp_path, errors_dir, {CHIKAN: 1, XIASHAN: 1})
    sent = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "out"
    )
    assert sent.batches and all(b.county == "440802" for b in sent.batches)
    for batch in sent.batches:
        back = returns_file(tmp_path / f"back-{batch.batch_no}.xlsx",
                            answers(batch.file, {1: "账户不存在"}))  # fmt: skip
        assert (
            import_run(
                kind="returns", scope=CITY, path=back, actor="bank", errors_dir=errors_dir
            ).rejected
            == 0
        )
    again = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "again"
    )
    assert again.batches == [] and again.awaiting_correction == len(sent.batches)
    payee_account_change(
        scope=Scope.city(), actor="web:county", enrolment_id=first_enrolment().pk, **GOOD
    )
    reissued = pay_export(
        scope=Scope.of_county("440802"), actor="county", term="2019-2", out=tmp_path / "re"
    )
    assert [b.reissues for b in reissued.batches] == [1] * len(sent.batches)
    assert reissued.awaiting_correction == 0

"""The yearly cap (cli.md "Years and places"): programs in the catalogue's order, the spring's
approved entitlements counting before the autumn's; one entitlement cut to what remains,
the next with nothing left not entitled, its reason saying so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.aid.catalogues import edited, with_cap
from tests.aid.scenario import department_list, enrol, jdlk, new_id, school
from tests.snapshot import database_rows
from zizhu.aid.models import Entitlement
from zizhu.aid.services import (
    approve,
    catalogue_load,
    entitle,
    entitlement_add,
    entitlement_exclude,
    publicity_record,
)
from zizhu.core.errors import Code, Refused
from zizhu.core.scope import Scope

pytestmark = pytest.mark.django_db
SENIOR = "4408020004"
AT_SENIOR = Scope.of_school(SENIOR, county="440802")


@pytest.fixture
def poor_student(tmp_path: Path) -> str:
    """A 普通高中 student on the 建档立卡 list (特别困难), in both terms: 建档立卡生活费 1500,
    助学金 1000 and 免学费 1250 a term, in that catalogue order; a yearly cap of 2000."""
    school(SENIOR, "SENIOR", fee="1250")
    person = new_id()
    for term in ("2019-1", "2019-2"):
        enrol(person, SENIOR, "SENIOR", 2, term=term)
    department_list("JDLK", [jdlk(person)], year=2019)
    catalogue_load(path=edited(tmp_path, with_cap("2000.00")), actor="test")
    return person


def lists(term: str) -> dict[str, tuple[str, int, str]]:
    rows = Entitlement.objects.filter(term_id=term).order_by("program")
    return {e.program: (e.status, e.amount_fen, e.exclusion_reason) for e in rows}


def test_the_cap_cuts_one_entitlement_and_removes_the_next(poor_student: str) -> None:
    summary = entitle(term="2019-2", actor="test", scope=Scope.city())
    found = lists("2019-2")
    assert found["JDLK_LIVING"] == ("DRAFT", 150000, "")
    assert found["SEN_GRANT"] == ("DRAFT", 50000, "")  # 2000 - 1500 left
    status, amount, reason = found["SEN_TUITION"]
    assert (status, amount) == ("CAPPED", 0)
    assert reason == "本年度资助已达上限 2000.00 元（本年已享受 2000.00 元）"
    rule = Entitlement.objects.get(program="SEN_GRANT").rule
    assert rule.endswith("（按年度上限核减）")
    assert {code: (t.students, t.amount_fen) for code, t in summary.programs.items()} == {
        "JDLK_LIVING": (1, 150000), "SEN_GRANT": (1, 50000)
    }  # fmt: skip
    assert (summary.capped, summary.held) == (1, 0)
    # A capped entitlement is not approved and not paid.
    publicity_record(
        scope=Scope.of_county("440802"),
        actor="c",
        term="2019-2",
        start_date=dt.date(2019, 9, 2),
        today=dt.date(2019, 9, 2),
    )
    approve(
        scope=Scope.city(),
        actor="c",
        term="2019-2",
        today=dt.date(2019, 9, 30),
        with_unconfirmed=True,
    )
    assert lists("2019-2")["SEN_TUITION"][0] == "CAPPED"
    # No exclusion of what is not there to pay.
    capped = Entitlement.objects.get(program="SEN_TUITION")
    with pytest.raises(Refused, match="只能排除"):
        entitlement_exclude(scope=AT_SENIOR, actor="s", entitlement_id=capped.pk, reason="x")


def test_the_springs_approved_entitlements_count_before_the_autumns(poor_student: str) -> None:
    entitle(term="2019-1", actor="test", scope=Scope.city())
    assert [a for _, a, _ in lists("2019-1").values()] == [150000, 50000, 0]
    publicity_record(
        scope=Scope.of_county("440802"),
        actor="c",
        term="2019-1",
        start_date=dt.date(2019, 3, 11),
        today=dt.date(2019, 3, 11),
    )
    approve(
        scope=Scope.city(),
        actor="c",
        term="2019-1",
        today=dt.date(2019, 3, 25),
        with_unconfirmed=True,
    )
    summary = entitle(term="2019-2", actor="test", scope=Scope.city())
    assert {p: s for p, (s, _, _) in lists("2019-2").items()} == dict.fromkeys(
        ("JDLK_LIVING", "SEN_GRANT", "SEN_TUITION"), "CAPPED"
    )
    assert summary.programs == {} and summary.capped == 3


def test_a_later_version_without_the_cap_restores_the_drafts(
    poor_student: str, tmp_path: Path
) -> None:
    entitle(term="2019-2", actor="test", scope=Scope.city())
    catalogue_load(path=edited(tmp_path, ("# No yearly", "# Again no yearly"), name="v3.toml"),
                   actor="test")  # fmt: skip
    entitle(term="2019-2", actor="test", scope=Scope.city())
    assert lists("2019-2") == {
        "JDLK_LIVING": ("DRAFT", 150000, ""), "SEN_GRANT": ("DRAFT", 100000, ""),
        "SEN_TUITION": ("DRAFT", 125000, ""),
    }  # fmt: skip


def test_a_late_addition_is_cut_to_what_the_year_has_left_or_refused(poor_student: str) -> None:
    entitle(term="2019-2", actor="test", scope=Scope.city())
    Entitlement.objects.filter(program="SEN_GRANT").delete()  # as if the rules had missed it
    person = Entitlement.objects.get(program="JDLK_LIVING").person_id
    added = entitlement_add(scope=AT_SENIOR, actor="s", term="2019-2", program="SEN_GRANT",
                            person_id=person, evidence="证明")  # fmt: skip
    assert added.amount_fen == 50000
    Entitlement.objects.filter(program="SEN_TUITION").delete()
    before = database_rows()
    with pytest.raises(Refused) as refused:
        entitlement_add(scope=AT_SENIOR, actor="s", term="2019-2", program="SEN_TUITION",
                        person_id=person, evidence="证明")  # fmt: skip
    assert refused.value.code == Code.CAP_REACHED
    assert database_rows() == before

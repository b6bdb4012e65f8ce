"""Catalogues as versions in the database: provenance, the same file unchanged, refusals, and
a catalogue changed after approval (the approved list keeps its version; the audit judges it
by that version, MISSED and drafts by the newest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.aid.catalogues import edited, sen_grant, shipped_text
from tests.aid.scenario import assess, enrol, new_id, school
from tests.snapshot import database_rows
from zizhu.aid.models import Approval, Entitlement
from zizhu.aid.selectors import catalogue_in_force, catalogue_text, catalogue_versions
from zizhu.aid.services import approve, catalogue_load, entitle, publicity_record, term_add
from zizhu.audit.services import audit
from zizhu.core.errors import Code, Refused
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.demo.places import CATALOGUE_FILE, shipped

pytestmark = pytest.mark.django_db
A, C = "4408020003", "4408030009"  # 普通高中 schools of 440802 and 440803


def test_the_shipped_catalogue_is_version_1_with_its_provenance() -> None:
    (first,) = catalogue_versions()
    assert (first.version, first.name, first.terms, first.in_force) == (
        1, "湛江市2019年学生资助政策", ["2019-1", "2019-2"], ["2019-1", "2019-2"]
    )  # fmt: skip
    assert (first.file_name, first.loaded_by) == (CATALOGUE_FILE, "test")
    assert catalogue_text(version=1) == (CATALOGUE_FILE, shipped_text())
    events = Event.objects.filter(action="aid.catalogue_load").count()
    again = catalogue_load(path=shipped(CATALOGUE_FILE), actor="test")
    assert (again.version, again.status) == (1, "unchanged")
    assert Event.objects.filter(action="aid.catalogue_load").count() == events


def test_a_changed_file_is_a_new_version_in_force_for_its_terms(tmp_path: Path) -> None:
    loaded = catalogue_load(path=edited(tmp_path, sen_grant(amount="1200.00")), actor="w")
    assert loaded.as_json()["version"] == 2 and loaded.status == "added"
    assert loaded.programs[4] == "SEN_GRANT" and len(loaded.sha256) == 64
    assert catalogue_in_force(term="2019-2").program("SEN_GRANT").amounts[0].amount_fen == 120000
    newest, first = catalogue_versions()
    assert (newest.version, newest.loaded_by, first.in_force) == (2, "w", [])


def test_a_version_for_new_terms_leaves_the_old_one_in_force(tmp_path: Path) -> None:
    for code, month in (("2020-1", 3), ("2020-2", 9)):
        day = dt.date(2020, month, 1)
        term_add(code=code, name=f"{code}学期", reference_date=day, payment_due=day, actor="t")
    path = edited(tmp_path, ('terms = ["2019-1", "2019-2"]', 'terms = ["2020-1", "2020-2"]'),
                  ('terms = ["2019-1"]', 'terms = ["2020-1"]'),
                  ('terms = ["2019-1"]', 'terms = ["2020-1"]'),
                  ('terms = ["2019-2"]', 'terms = ["2020-2"]'),
                  ('terms = ["2019-2"]', 'terms = ["2020-2"]'))  # fmt: skip
    assert catalogue_load(path=path, actor="t").version == 2
    assert catalogue_in_force(term="2019-1").version == 1
    assert catalogue_in_force(term="2020-2").version == 2


@pytest.mark.parametrize(
    ("replacements", "code"),
    [
        pytest.param(
            [('terms = ["2019-1", "2019-2"]', 'terms = ["2019-1", "2019-2", "2031-1"]')],
            Code.TERM_UNKNOWN, id="a term that does not exist",
        ),
        pytest.param(
            # Only the autumn: version 1 stays in force for the spring, split in two.
            [('terms = ["2019-1", "2019-2"]', 'terms = ["2019-2"]'),
             ('terms = ["2019-1"]\nstages = ["PRIMARY"]', 'stages = ["PRIMARY"]'),
             ('terms = ["2019-1"]\nstages = ["JUNIOR"]', 'stages = ["JUNIOR"]')],
            Code.CATALOGUE_OVERLAP, id="a version overlapping part of one in force",
        ),
        pytest.param([('amount = "500.00"', 'amount = "-500.00"')], Code.CATALOGUE_INVALID,
                     id="a negative amount"),
        pytest.param([("[programs.who]", "[programs.whom]")], Code.CATALOGUE_INVALID,
                     id="an unknown key"),
        pytest.param([("publicity_working_days = 5", "publicity_working_days = 0")],
                     Code.CATALOGUE_INVALID, id="no working days of 公示"),
        pytest.param([('"2019-10-12"]', '"2019-10-14"]')], Code.CATALOGUE_INVALID,
                     id="a working weekend on a Monday"),
        pytest.param([('"2019-10-07",\n]', '"2020-10-07",\n]')], Code.CATALOGUE_INVALID,
                     id="a holiday of another year"),
        pytest.param([("central = 80", "central = 79.999")], Code.CATALOGUE_INVALID,
                     id="a share with three decimals"),
        pytest.param([('ASSOCIATE = "8000.00"', 'ASSOCIATE = 8000')], Code.CATALOGUE_INVALID,
                     id="a loan cap not in quotes"),
        pytest.param([('from_school_year = "2021-2022"', 'from_school_year = "2013-2014"')],
                     Code.CATALOGUE_INVALID, id="loan caps out of order"),
        pytest.param([('code = "PRE_AID"', 'code = "pre aid"')], Code.CATALOGUE_INVALID,
                     id="a program code with spaces"),
        pytest.param([('name = "湛江市2019年学生资助政策"', 'name = "' + "政" * 61 + '"')],
                     Code.CATALOGUE_INVALID, id="a name too long"),
    ],
)  # fmt: skip
def test_a_catalogue_is_refused_whole_with_nothing_changed(
    tmp_path: Path, replacements: list[tuple[str, str]], code: Code
) -> None:
    before = database_rows()
    with pytest.raises(Refused) as refused:
        catalogue_load(path=edited(tmp_path, *replacements), actor="test")
    assert refused.value.code == code
    assert refused.value.message.startswith("edited.toml: ")
    assert database_rows() == before


def test_a_file_that_is_not_a_catalogue_is_refused(tmp_path: Path) -> None:
    before = database_rows()
    cases = {"a.toml": b"\xff\xfe not utf-8", "b.toml": b"name = ", "c.toml": b"x" * 1_000_001}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(Refused) as refused:
            catalogue_load(path=tmp_path / name, actor="test")
        assert refused.value.code == Code.CATALOGUE_INVALID, name
    with pytest.raises(Refused) as missing:
        catalogue_load(path=tmp_path / "none.toml", actor="test")
    assert missing.value.code == Code.FILE_MISSING
    assert database_rows() == before


# ---- a catalogue changed after approval ------------------------------------------------------


def _students() -> dict[str, str]:
    school(A, "SENIOR")
    school(C, "SENIOR", county="440803")
    people = {"a": new_id(), "c": new_id(region="440803")}
    assess(enrol(people["a"], A, "SENIOR", 1), "HARDSHIP")
    assess(enrol(people["c"], C, "SENIOR", 1, admin_county="440803"), "HARDSHIP")
    return people


def test_an_approved_list_keeps_its_version_and_the_audit_judges_it_by_that_version(
    tmp_path: Path,
) -> None:
    people = _students()
    entitle(term="2019-2", actor="test", scope=Scope.city())
    publicity_record(
        scope=Scope.of_county("440802"),
        actor="c",
        term="2019-2",
        start_date=dt.date(2019, 9, 2),
        today=dt.date(2019, 9, 2),
    )
    approve(
        scope=Scope.of_county("440802"),
        actor="c",
        term="2019-2",
        today=dt.date(2019, 9, 30),
        with_unconfirmed=True,
    )
    # Version 2: 普通高中国家助学金 only for 特别困难, and 1200 yuan.
    catalogue_load(path=edited(tmp_path, sen_grant(levels='"SPECIAL"', amount="1200.00")),
                   actor="test")  # fmt: skip
    approval = Approval.objects.get(program="SEN_GRANT")
    assert approval.catalogue_version is not None and approval.catalogue_version.version == 1

    summary = entitle(term="2019-2", actor="test", scope=Scope.city())
    approved = Entitlement.objects.get(person__id_number=people["a"], program="SEN_GRANT")
    assert (approved.status, approved.amount_fen) == ("APPROVED", 100000)
    # The draft of 440803 followed the newest: a 困难 student does not qualify any more.
    assert not Entitlement.objects.filter(person__id_number=people["c"]).exists()
    assert summary.programs["SEN_GRANT"].students == 1

    result = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    # Judged by version 1, under which it was approved: eligible, the right amount.
    assert not [f for f in result.findings if f.check in ("INELIGIBLE", "AMOUNT_MISMATCH")]
    assert Event.objects.filter(action="audit.run").get().detail["versions"] == [1, 2]


def test_missed_is_judged_by_the_newest_version(tmp_path: Path) -> None:
    people = _students()
    entitle(term="2019-2", actor="test", scope=Scope.city())
    for county in ("440802", "440803"):
        publicity_record(
            scope=Scope.of_county(county),
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
    # A 一般困难 student enrolled after approval qualifies under both versions: MISSED.
    late = new_id()
    assess(enrol(late, A, "SENIOR", 2), "GENERAL")
    catalogue_load(path=edited(tmp_path, sen_grant(amount="1200.00")), actor="test")
    result = audit(scope=Scope.city(), term="2019-2", actor="auditor")
    assert {(f.check, f.id_number) for f in result.findings if f.program == "SEN_GRANT"} == {
        ("MISSED", late)
    }
    assert people  # the approved students are judged by version 1: no finding

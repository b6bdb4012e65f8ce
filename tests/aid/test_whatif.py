"""The what-if (cli.md): the lists a catalogue file, not loaded, would give for the term,
with the change against today's lists, computed as a fresh entitle would, changing nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.aid.catalogues import edited, sen_grant, with_cap
from tests.aid.scenario import assess, department_list, enrol, jdlk, new_id, school
from tests.cli import finish, zizhu
from tests.snapshot import database_rows
from zizhu.aid.selectors import catalogue_read, entitle_dry_run
from zizhu.aid.services import approve, entitle, publicity_record
from zizhu.core.scope import Scope

A, C = "4408020003", "4408030009"


def _city() -> None:
    school(A, "SENIOR", fee="1250")
    school(C, "SENIOR", county="440803", fee="1250")
    for level in ("SPECIAL", "HARDSHIP", "GENERAL"):
        assess(enrol(new_id(), A, "SENIOR", 1), level)
    assess(enrol(new_id(region="440803"), C, "SENIOR", 1, admin_county="440803"), "HARDSHIP")
    poor = new_id()
    enrol(poor, A, "SENIOR", 2)
    department_list("JDLK", [jdlk(poor)], year=2019)


@pytest.mark.django_db
def test_a_draft_is_priced_against_todays_lists_and_nothing_changes(tmp_path: Path) -> None:
    _city()
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
    # The draft: 助学金 only for 特别困难 and 困难, at 1250 yuan; a cap of 2500 a year.
    fewer = sen_grant(levels='"SPECIAL", "HARDSHIP"', amount="1250.00")
    draft = catalogue_read(edited(tmp_path, fewer, with_cap("2500.00")))
    before = database_rows()
    found = entitle_dry_run(term="2019-2", catalogue=draft, scope=Scope.city())
    assert database_rows() == before  # entitlements, hardship tables and events alike
    document = found.as_json()
    # Today: SEN_GRANT 4 in 440802 (approved) and 1 in 440803, 1000 each. The draft drops the
    # 一般困难 student and pays 1250; the 建档立卡 student's 1500 + 1250 passes the cap of 2500:
    # 助学金 cut to 1000, and 免学费 to nothing (capped, not in the lists).
    assert document["programs"]["SEN_GRANT"] == {
        "students": 4, "amount": "4750.00", "change": {"students": -1, "amount": "-250.00"}
    }  # fmt: skip
    assert document["programs"]["JDLK_LIVING"]["change"] == {"students": 0, "amount": "0.00"}
    assert document["programs"]["SEN_TUITION"] == {
        "students": 0, "amount": "0.00", "change": {"students": -1, "amount": "-1250.00"}
    }  # fmt: skip
    assert (document["term"], document["students"], document["held"]) == ("2019-2", 5, 0)
    assert found.capped == 1
    by_county = {(line.county, line.program): line for line in found.lines}
    assert by_county[("440803", "SEN_GRANT")].change_fen == 25000
    assert by_county[("440802", "SEN_GRANT")].change_students == -1


@pytest.mark.django_db
def test_a_county_is_priced_alone(tmp_path: Path) -> None:
    _city()
    draft = catalogue_read(edited(tmp_path, sen_grant(amount="1250.00")))
    found = entitle_dry_run(term="2019-2", catalogue=draft, scope=Scope.of_county("440803"))
    assert [(line.county, line.program, line.students) for line in found.lines] == [
        ("440803", "SEN_GRANT", 1)
    ]


def test_the_command_prints_entitles_shape_with_the_change(tmp_path: Path, database: str) -> None:
    draft = edited(tmp_path, sen_grant(amount="1250.00"))
    out = finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2", "--catalogue",
                       str(draft), "--dry-run", "--json"))  # fmt: skip
    document = json.loads(out)
    assert set(document) == {"term", "students", "hardship", "programs", "held"}
    assert document["programs"] == {}  # nobody enrolled in this database
    finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2", "--catalogue", str(draft)),
           expect=2)  # --catalogue without --dry-run  # fmt: skip
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 1", encoding="utf-8")
    refused = zizhu(database, tmp_path, "entitle", "--term", "2019-2", "--catalogue", str(bad),
                    "--dry-run", "--json")  # fmt: skip
    assert json.loads(finish(refused, expect=3))["code"] == "CATALOGUE_INVALID"

"""The command line of cli.md "Years and places": a new database holds no places, terms or
policy, every command that needs one is refused (exit 3) naming what to load, and the
set-up commands print the JSON of the contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli import finish, zizhu
from tests.files import write_sheet
from zizhu.demo.places import CATALOGUE_FILE, REGIONS_FILE, shipped

SCHOOLS = [["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
           ["4408020001", "赤坎小学", "440802", "小学", "公办"]]  # fmt: skip
LOANS = [
    ["合同编号", "学年", "姓名", "身份证件号", "户籍地代码", "就读高校", "学历层次", "贷款金额"]
]


def refused(database: str, tmp_path: Path, *args: str) -> dict[str, str]:
    document: dict[str, str] = json.loads(
        finish(zizhu(database, tmp_path, *args, "--json"), expect=3)
    )
    return document


@pytest.mark.empty_database
def test_an_empty_database_refuses_what_needs_places_terms_or_policy(
    tmp_path: Path, database: str
) -> None:
    assert json.loads(finish(zizhu(database, tmp_path, "term", "list", "--json"))) == {"terms": []}
    schools = str(write_sheet(tmp_path / "schools.csv", SCHOOLS))
    loans = str(write_sheet(tmp_path / "loans.csv", LOANS))
    for args, code, words in [
        (("import", "schools", schools), "REGION_MISSING", "zizhu region load"),
        (("import", "loans", loans), "REGION_MISSING", "zizhu region load"),
        (("entitle", "--term", "2019-2"), "TERM_UNKNOWN", "zizhu term add"),
        (("catalogue", "show", "--term", "2019-2"), "CATALOGUE_MISSING", "zizhu catalogue load"),
    ]:
        document = refused(database, tmp_path, *args)
        assert document["code"] == code and words in document["message"], args
    document = refused(database, tmp_path, "report", "--year", "2019")
    assert document["code"] == "REPORT_REFUSED" and "zizhu term add" in document["message"]

    # The city, then the terms: entitle now wants the catalogue, and says so.
    loaded = json.loads(finish(zizhu(database, tmp_path, "region", "load",
                                     str(shipped(REGIONS_FILE)), "--json")))  # fmt: skip
    assert loaded == {"city": "440800", "name": "湛江市", "counties": 9, "added": 9,
                      "renamed": 0, "unchanged": 0, "removed": 0}  # fmt: skip
    add = ["term", "add", "2019-2", "--name", "2019年秋季学期", "--reference-date",
           "2019-09-01", "--payment-due", "2019-12-31", "--json"]  # fmt: skip
    assert json.loads(finish(zizhu(database, tmp_path, *add))) == {
        "term": "2019-2", "name": "2019年秋季学期", "reference_date": "2019-09-01",
        "payment_due": "2019-12-31", "status": "added",
    }  # fmt: skip
    assert json.loads(finish(zizhu(database, tmp_path, *add)))["status"] == "unchanged"
    document = refused(database, tmp_path, "entitle", "--term", "2019-2")
    assert document["code"] == "CATALOGUE_MISSING"
    assert "zizhu catalogue load" in document["message"]


def test_the_terms_and_the_catalogue_commands_print_the_contracts_json(
    tmp_path: Path, database: str
) -> None:
    listed = json.loads(finish(zizhu(database, tmp_path, "term", "list", "--json")))
    assert listed == {"terms": [
        {"term": "2019-1", "name": "2019年春季学期", "reference_date": "2019-03-01",
         "payment_due": "2019-06-30"},
        {"term": "2019-2", "name": "2019年秋季学期", "reference_date": "2019-09-01",
         "payment_due": "2019-12-31"},
    ]}  # fmt: skip
    for args in (["2020-3"], ["2020-1", "--reference-date", "2021-03-01"],
                 ["2020-1", "--payment-due", "2020-02-01"],
                 ["2020-1", "--reference-date", "2020-02-30"]):  # fmt: skip
        base = {"--name": "2020年春季学期", "--reference-date": "2020-03-01",
                "--payment-due": "2020-06-30"}  # fmt: skip
        given = dict(zip(args[1::2], args[2::2], strict=True))
        options = [x for k, v in {**base, **given}.items() for x in (k, v)]
        assert refused(database, tmp_path, "term", "add", args[0], *options)["code"] == (
            "TERM_INVALID"
        ), args

    again = json.loads(finish(zizhu(database, tmp_path, "catalogue", "load",
                                    str(shipped(CATALOGUE_FILE)), "--json")))  # fmt: skip
    assert {k: again[k] for k in ("version", "name", "terms", "status")} == {
        "version": 1, "name": "湛江市2019年学生资助政策", "terms": ["2019-1", "2019-2"],
        "status": "unchanged",
    }  # fmt: skip
    assert again["programs"][:2] == ["JDLK_LIVING", "PRE_AID"] and len(again["sha256"]) == 64

    shown = json.loads(finish(zizhu(database, tmp_path, "catalogue", "show", "--term", "2019-1",
                                    "--json")))  # fmt: skip
    assert (shown["version"], shown["name"], shown["terms"]) == (
        1, "湛江市2019年学生资助政策", ["2019-1", "2019-2"]
    )  # fmt: skip
    boarding = next(p for p in shown["programs"] if p["code"] == "BOARDING")
    assert boarding["name"] == "义务教育家庭经济困难寄宿生生活费补助"
    assert boarding["who"] == "学段为小学、初中；寄宿生；困难等级为特别困难、困难、一般困难"
    assert boarding["amounts"][1] == {"label": "初中 625 元/学期", "when": "初中",
                                      "amount": "625.00", "school_fee": False,
                                      "private_cap": None}  # fmt: skip
    assert boarding["excludes"] == ["NONBOARDING"]
    assert boarding["funding"] == {"central": "80", "provincial": "20", "city": "0", "county": "0"}
    assert shown["yearly_cap"] is None
    assert shown["calendar"]["publicity_working_days"] == 5
    assert "2019-10-07" in shown["calendar"]["years"]["2019"]["holidays"]
    assert shown["loan_caps"][1] == {"from_school_year": "2021-2022", "ASSOCIATE": "12000.00",
                                     "BACHELOR": "12000.00", "GRADUATE": "16000.00"}  # fmt: skip
    assert (shown["loaded_by"], shown["file"]) == ("test", CATALOGUE_FILE)
    text = finish(zizhu(database, tmp_path, "catalogue", "show", "--term", "2019-1"))
    assert "对象：学段为小学、初中；寄宿生" in text and "互斥：农村义务教育非寄宿" in text


def test_two_loads_of_one_file_at_once_make_one_version(tmp_path: Path, database: str) -> None:
    text = shipped(CATALOGUE_FILE).read_text(encoding="utf-8")
    draft = tmp_path / "v2.toml"
    draft.write_text(text.replace('amount = "625.00"', 'amount = "650.00"'), encoding="utf-8")
    both = [zizhu(database, tmp_path, "catalogue", "load", str(draft), "--json")
            for _ in range(2)]  # fmt: skip
    results = sorted(_loaded(p) for p in both)
    assert results == [("added", 2), ("unchanged", 2)]


def _loaded(process: Any) -> tuple[str, int]:
    document = json.loads(finish(process))
    return document["status"], document["version"]

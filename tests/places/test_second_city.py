"""Any city, any year: a second city (its own 行政区划 file, terms and small catalogue) runs a
term end to end through the real imports and services, with no Zhanjiang data present."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from tests.files import write_sheet
from tests.ids import make_id
from tests.snapshot import database_rows
from zizhu.aid.models import Entitlement
from zizhu.aid.services import approve, catalogue_load, entitle, publicity_record, term_add
from zizhu.audit.services import audit
from zizhu.core.scope import Scope
from zizhu.demo.run import RETURNS_HEADERS, bank_answer
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export
from zizhu.registry.selectors import city_of, county_names
from zizhu.registry.services import region_load
from zizhu.reports.selectors import year_report
from zizhu.web.users import user_create

pytestmark = [pytest.mark.django_db, pytest.mark.empty_database]

TERM = "2021-1"
CITY = Scope.city()
LIWAN, YUEXIU = "440103", "440104"
SCHOOL_L, SCHOOL_Y = "4401030001", "4401040002"
CATALOGUE = """
name = "广州市2021年春季学生资助政策（测试）"
terms = ["2021-1"]
yearly_cap = "1500.00"

[default_funding]
central = 50
provincial = 30
city = 10
county = 10

[calendar]
publicity_working_days = 5

[calendar.2021]
holidays = ["2021-01-01", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16",
            "2021-02-17", "2021-04-05", "2021-05-03", "2021-05-04", "2021-05-05"]
working_weekends = ["2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08"]

[[loan_caps]]
from_school_year = "2014-2015"
ASSOCIATE = "8000.00"
BACHELOR = "8000.00"
GRADUATE = "12000.00"

[[programs]]
code = "SEN_GRANT"
name = "普通高中国家助学金"
[programs.who]
stages = ["SENIOR"]
hardship = ["SPECIAL", "HARDSHIP", "GENERAL"]
[[programs.amounts]]
label = "特别困难 1250 元"
levels = ["SPECIAL"]
amount = "1250.00"
[[programs.amounts]]
label = "其余 1000 元"
amount = "1000.00"

[[programs]]
code = "LOCAL_JDLK"
name = "本市建档立卡学生生活补助"
[programs.who]
categories = ["JDLK"]
local_hukou = true
[[programs.amounts]]
label = "每学期 800 元"
amount = "800.00"
[programs.funding]
city = 50
county = 50
"""
ROSTER = ["学期", "学校标识码", "学籍号", "姓名", "身份证件号", "学段", "年级", "户籍地代码",
          "收款人姓名", "收款账号", "开户银行"]  # fmt: skip


def _people() -> dict[str, str]:
    return {
        "poor": make_id(LIWAN, "20050301", 11),  # 建档立卡, 户籍 here: both programs, capped
        "away": make_id("445102", "20050302", 13),  # 建档立卡 from 潮州: no local aid
        "plain": make_id(YUEXIU, "20050303", 15),  # 学校认定 困难
        "none": make_id(YUEXIU, "20050304", 17),  # not in hardship
    }


def _files(tmp_path: Path, people: dict[str, str]) -> dict[str, Path]:
    rows = [
        (people["poor"], SCHOOL_L, "陈一", LIWAN), (people["away"], SCHOOL_L, "林二", "445102"),
        (people["plain"], SCHOOL_Y, "黄三", YUEXIU), (people["none"], SCHOOL_Y, "何四", YUEXIU),
    ]  # fmt: skip
    return {
        "regions": write_sheet(tmp_path / "广州市行政区划.csv", [
            ["行政区划代码", "名称"], ["440100", "广州市"], [LIWAN, "荔湾区"], [YUEXIU, "越秀区"]]),
        "schools": write_sheet(tmp_path / "schools.xlsx", [
            ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
            [SCHOOL_L, "荔湾中学", LIWAN, "普通高中", "公办"],
            [SCHOOL_Y, "越秀中学", YUEXIU, "普通高中", "公办"]], sheet="学校名册"),
        "students": write_sheet(tmp_path / "roster.xlsx", [ROSTER, *[
            ["2021年春季学期", school, f"G{pid}", name, pid, "普通高中", "2", hukou, name,
             f"62170000000{n:08d}", "中国工商银行"]
            for n, (pid, school, name, hukou) in enumerate(rows, start=1)]], sheet="学生名册"),
        "hardship": write_sheet(tmp_path / "认定.csv", [
            ["学期", "学校标识码", "学籍号", "姓名", "身份证件号", "困难等级"],
            ["2021-1", SCHOOL_Y, f"G{people['plain']}", "黄三", people["plain"], "困难"],
            ["2021-1", SCHOOL_Y, f"G{people['none']}", "何四", people["none"], "不困难"]]),
        "jdlk": write_sheet(tmp_path / "jdlk.csv", [
            ["年度", "区县代码", "姓名", "身份证件号", "脱贫状态"],
            ["2021", LIWAN, "陈一", people["poor"], "未脱贫"],
            ["2021", LIWAN, "林二", people["away"], "已脱贫享受政策"]]),
    }  # fmt: skip


def test_a_second_city_runs_a_term_end_to_end_with_no_zhanjiang_data(tmp_path: Path) -> None:
    assert database_rows()["registry_region"] == [] and city_of() is None
    people = _people()
    files = _files(tmp_path, people)
    region_load(path=files["regions"], actor="op")
    term_add(code=TERM, name="2021年春季学期", reference_date=dt.date(2021, 3, 1),
             payment_due=dt.date(2021, 6, 30), actor="op")  # fmt: skip
    (tmp_path / "guangzhou-2021.toml").write_text(CATALOGUE, encoding="utf-8")
    assert catalogue_load(path=tmp_path / "guangzhou-2021.toml", actor="op").version == 1
    for kind in ("schools", "students", "hardship", "jdlk"):
        result = import_run(kind=kind, path=files[kind], scope=CITY, actor="op",
                            term=TERM if kind != "jdlk" else None,
                            errors_dir=tmp_path / "errors")  # fmt: skip
        assert result.rejected == 0, (kind, result.errors)

    summary = entitle(term=TERM, actor="op", scope=CITY)
    lists = {(e.person.id_number, e.program): (e.status, e.amount_fen)
             for e in Entitlement.objects.select_related("person")}  # fmt: skip
    assert lists == {
        # 特别困难 (a category): 1250, then the local 800 cut to the 250 the cap of 1500 leaves
        (people["poor"], "SEN_GRANT"): ("DRAFT", 125000),
        (people["poor"], "LOCAL_JDLK"): ("DRAFT", 25000),
        (people["away"], "SEN_GRANT"): ("DRAFT", 125000),  # 户籍 elsewhere: no local aid
        (people["plain"], "SEN_GRANT"): ("DRAFT", 100000),
    }
    assert summary.students == 4

    for county in (LIWAN, YUEXIU):
        publicity_record(scope=Scope.of_county(county), actor="op", term=TERM,
                         start_date=dt.date(2021, 3, 8), today=dt.date(2021, 3, 8))  # fmt: skip
    approved = approve(
        scope=CITY, actor="op", term=TERM, today=dt.date(2021, 3, 15), with_unconfirmed=True
    )
    assert sum(a.count for a in approved) == 4
    sent = pay_export(scope=CITY, actor="op", term=TERM, out=tmp_path / "bank")
    assert {(b.county, b.program, b.count) for b in sent.batches} == {
        (LIWAN, "SEN_GRANT", 2), (LIWAN, "LOCAL_JDLK", 1), (YUEXIU, "SEN_GRANT", 1)
    }  # fmt: skip
    assert all(b.batch_no.startswith("P2021-1-4401") for b in sent.batches)
    for batch in sent.batches:
        answers = bank_answer(batch.file, fail=0.0).select(RETURNS_HEADERS)
        answers.write_csv(tmp_path / f"{batch.batch_no}.csv")
        import_run(kind="returns", path=tmp_path / f"{batch.batch_no}.csv", scope=CITY,
                   actor="bank", term=TERM)  # fmt: skip
    found = audit(scope=CITY, term=TERM, actor="op")
    assert not {"MISSED", "INELIGIBLE", "AMOUNT_MISMATCH", "PAYMENT_FAILED"} & set(found.counts)

    report = year_report(scope=CITY, year=2021)
    document = report.as_json()
    assert report.unit == "广州市"
    assert [(p["code"], p["students"], p["amount"]) for p in document["programs"]] == [
        ("SEN_GRANT", 3, "3500.00"), ("LOCAL_JDLK", 1, "250.00")
    ]  # fmt: skip
    assert document["funding"] == {
        "SEN_GRANT": {"central": "1750.00", "provincial": "1050.00", "city": "350.00",
                      "county": "350.00"},
        "LOCAL_JDLK": {"central": "0.00", "provincial": "0.00", "city": "125.00",
                       "county": "125.00"},
    }  # fmt: skip
    assert document["disbursement"]["2021-1"]["rate"] == "100.00"

    # Nothing of Zhanjiang anywhere: places, terms, policy, lists, events.
    assert county_names() == {LIWAN: "荔湾区", YUEXIU: "越秀区"}
    everything = repr(database_rows())
    assert "湛江" not in everything and "'4408" not in everything and "2019" not in everything
    user_create(actor="op", username="gz", password="Guangzhou-2021-test", role="CITY")
    from tests.web.conftest import client_for

    page = client_for("gz").get(reverse("web:report") + "?year=2021").content.decode()
    assert "广州市学生资助管理信息系统" in page and "湛江" not in page

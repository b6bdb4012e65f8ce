"""The generated files follow spec/formats.md and read back with the importers' reader."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from stdnum.cn import ric

from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import read_table
from zizhu.intake.values import id_number_reason
from zizhu.registry._schools_import import LAYOUT as SCHOOLS_LAYOUT
from zizhu.synth.city import City, CityFiles

# The headers of spec/formats.md, required ones marked with *.
HEADERS = {
    "students": (
        "学期* 学校标识码* 学籍号 姓名* 性别 身份证件号* 学段* 年级* 班级 是否寄宿 户籍地代码* "
        "户口性质 在校状态 专业 涉农专业 收款人姓名 收款人身份证号 收款账号 开户银行"
    ),
    "jdlk": "年度* 区县代码* 户编号 户主姓名 户主身份证号 姓名* 身份证件号* 与户主关系 脱贫状态*",
    "civil": "姓名* 身份证件号* 救助类别* 起始日期* 终止日期 区县代码*",
    "disability": "姓名* 身份证件号* 残疾证号 残疾类别 残疾等级* 区县代码*",
    "hardship": "学期* 学校标识码* 学籍号 姓名* 身份证件号* 困难等级* 认定依据",
    "loans": "合同编号* 学年* 姓名* 身份证件号* 户籍地代码* 就读高校* 学历层次* 贷款金额* 放款日期",
}
SHEETS = {
    "students": "学生名册", "jdlk": "建档立卡贫困人口", "civil": "民政救助对象",
    "disability": "残疾人", "hardship": "家庭经济困难学生认定", "loans": "生源地信用助学贷款",
}  # fmt: skip


def layout(kind: str) -> Layout:
    if kind == "schools":
        return SCHOOLS_LAYOUT
    columns = tuple(
        Column(h.rstrip("*"), f"c{i}", required=h.endswith("*"))
        for i, h in enumerate(HEADERS[kind].split())
    )
    return Layout(kind=kind, sheet=SHEETS[kind], columns=columns)


def read(kind: str, path: Path) -> pl.DataFrame:
    table = read_table(path, layout(kind))
    assert table.header == [c.header for c in layout(kind).columns]
    return table.frame.rename({c.field: c.header for c in layout(kind).columns})


def test_it_writes_every_kind_of_file_in_flow_order(files: CityFiles) -> None:
    kinds = [kind for kind, _ in files.in_flow_order()]
    assert kinds == ["schools"] + ["students"] * 9 + ["jdlk", "civil", "disability"] + [
        "hardship"
    ] * 9 + ["loans"]
    assert all(path.exists() for _, path in files.in_flow_order())
    assert files.rosters["440881"].name == "学生名册-440881.xlsx"


def test_every_file_reads_back_with_its_layout_and_holds_rows(files: CityFiles) -> None:
    for kind, path in files.in_flow_order():
        assert read(kind, path).height > 0, path.name


def test_schools_mix_stages_ownership_and_fees(files: CityFiles) -> None:
    schools = read("schools", files.schools)
    stages = set(schools["学段"].str.split(";").explode())
    assert {"学前", "小学", "初中", "普通高中", "中职", "高校"} <= stages
    assert set(schools["办学性质"]) == {"公办", "民办"}
    fees = schools.filter(pl.col("学费标准").is_not_null())
    assert fees["学段"].str.contains("普通高中").all()
    public_fees = fees.filter(pl.col("办学性质") == "公办")["学费标准"]
    assert (public_fees == "1250").mean() > 0.9  # type: ignore[operator]
    assert not schools.filter(pl.col("学段") == "高校")["区县代码"].str.starts_with("4408").all()


def test_roster_ids_are_valid_and_unique(files: CityFiles) -> None:
    rows = pl.concat([read("students", p) for p in files.rosters.values()])
    ids = rows["身份证件号"].drop_nulls()
    assert all(ric.is_valid(i) for i in ids.sample(min(200, ids.len()), seed=1))
    assert ids.n_unique() == ids.len()
    checked = rows.select(id_number_reason("身份证件号", today=dt.date(2019, 9, 1)).alias("r"))
    assert checked["r"].is_null().all()
    no_id = rows.filter(pl.col("身份证件号").is_null())
    assert no_id["学籍号"].str.contains(r"^J\d{18}$").all()


def test_each_county_file_holds_its_own_schools_and_its_own_higher_students(
    city: City, files: CityFiles
) -> None:
    county_of = dict(zip(city.schools["code"], city.schools["county"], strict=True))
    for county, path in files.rosters.items():
        rows = read("students", path)
        local = rows.filter(pl.col("学段") != "高校")
        assert {county_of[s] for s in local["学校标识码"]} == {county}
        assert (rows.filter(pl.col("学段") == "高校")["户籍地代码"] == county).all()


def test_loans_stay_within_the_caps(files: CityFiles) -> None:
    assert files.loans is not None
    loans = read("loans", files.loans)
    cap = loans["学历层次"].replace_strict({"专科": 8000, "本科": 8000, "研究生": 12000})
    amount = loans["贷款金额"].cast(pl.Int64)
    assert ((amount > 0) & (amount <= cap)).all()
    assert loans["合同编号"].n_unique() == loans.height


@pytest.mark.parametrize("fmt", ["csv"])
def test_it_writes_utf8_csv_too(city: City, tmp_path: Path, fmt: str) -> None:
    written = city.write(tmp_path, term="2019-1", fmt=fmt, lists=False)
    rows = read("students", written.rosters["440802"])
    assert written.rosters["440802"].suffix == ".csv"
    assert (rows["学期"] == "2019年春季学期").all()


def test_noise_gives_rows_an_importer_rejects_and_duplicate_enrolments(city: City) -> None:
    noisy = dataclasses.replace(
        city.params, invalid_rows=0.02, duplicate_enrolments=0.01, shared_account_groups=0.002
    )
    roster = City.build(scale=city.scale, seed=city.seed, params=noisy).roster("2019-2")
    checked = roster.select(id_number_reason("身份证件号", today=dt.date(2019, 9, 1)).alias("r"))
    assert checked["r"].is_not_null().sum() > 0
    assert roster["姓名"].is_null().sum() > 0
    twice = roster.filter(pl.col("pid").is_duplicated())
    assert twice.height > 0
    assert twice.group_by("pid").agg(pl.col("学校标识码").n_unique())["学校标识码"].min() == 2
    accounts = roster["收款账号"].drop_nulls().value_counts()
    assert accounts["count"].max() >= 6  # type: ignore[operator]

"""`region load`: the city and its counties from a 行政区划 file (formats.md), and every way
a file is refused whole with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.aid.scenario import enrol, new_id, school
from tests.files import write_sheet
from tests.snapshot import database_rows
from zizhu.core.errors import Code, Refused
from zizhu.demo.places import REGIONS_FILE, shipped
from zizhu.registry.selectors import city_of, county_names
from zizhu.registry.services import region_load

HEADER = ["行政区划代码", "名称"]
GUANGZHOU = [["440100", "广州市"], ["440103", "荔湾区"], ["440104", "越秀区"]]


def regions(tmp_path: Path, rows: list[list[str]], name: str = "regions.csv", **kwargs) -> Path:  # type: ignore[no-untyped-def]
    return write_sheet(tmp_path / name, [HEADER, *rows], **kwargs)


@pytest.mark.django_db
@pytest.mark.empty_database
def test_a_new_database_holds_no_places_and_the_shipped_file_loads_zhanjiang() -> None:
    assert city_of() is None and county_names() == {}
    result = region_load(path=shipped(REGIONS_FILE), actor="test")
    assert result.as_json() == {"city": "440800", "name": "湛江市", "counties": 9, "added": 9,
                                "renamed": 0, "unchanged": 0, "removed": 0}  # fmt: skip
    assert city_of() is not None and city_of().name == "湛江市"  # type: ignore[union-attr]
    assert county_names()["440882"] == "雷州市"
    again = region_load(path=shipped(REGIONS_FILE), actor="test")
    assert (again.added, again.renamed, again.unchanged) == (0, 0, 9)


@pytest.mark.django_db
@pytest.mark.empty_database
@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_it_reads_every_container_with_title_rows_and_gb18030(tmp_path: Path, suffix: str) -> None:
    kwargs = {"encoding": "gb18030"} if suffix == ".csv" else {}
    path = regions(tmp_path, GUANGZHOU, name=f"r{suffix}", title_rows=["广州市行政区划"],
                   **kwargs)  # fmt: skip
    assert region_load(path=path, actor="test").added == 2
    assert county_names() == {"440103": "荔湾区", "440104": "越秀区"}


@pytest.mark.django_db
def test_loading_again_adds_renames_and_removes_only_counties_without_data(tmp_path: Path) -> None:
    rows = [["440800", "湛江市"], *[[c, n] for c, n in county_names().items() if c != "440883"]]
    rows = [[c, "赤坎新区" if c == "440802" else n] for c, n in rows] + [["440885", "新设县"]]
    result = region_load(path=regions(tmp_path, rows), actor="test")
    assert (result.added, result.renamed, result.removed, result.counties) == (1, 1, 1, 9)
    assert county_names()["440802"] == "赤坎新区" and "440883" not in county_names()


@pytest.mark.django_db
def test_a_county_with_data_missing_from_a_new_file_refuses_it(tmp_path: Path) -> None:
    school("4408830001", "PRIMARY", county="440883")
    enrol(new_id(region="440883"), "4408830001", "PRIMARY", 2)
    rows = [["440800", "湛江市"], *[[c, n] for c, n in county_names().items() if c != "440883"]]
    before = database_rows()
    with pytest.raises(Refused) as refused:
        region_load(path=regions(tmp_path, rows), actor="test")
    assert refused.value.code == Code.REGION_IN_USE
    assert refused.value.detail["counties"] == ["440883"]
    assert database_rows() == before


@pytest.mark.django_db
def test_another_citys_file_is_refused_while_this_citys_counties_hold_data(tmp_path: Path) -> None:
    school("4408020001", "PRIMARY")
    before = database_rows()
    with pytest.raises(Refused) as refused:
        region_load(path=regions(tmp_path, GUANGZHOU), actor="test")
    assert refused.value.code == Code.REGION_IN_USE
    assert database_rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([["44080", "湛江市"], ["440802", "赤坎区"]], id="a five-digit code"),
        pytest.param([["4408OO", "湛江市"], ["440802", "赤坎区"]], id="letters in a code"),
        pytest.param([["440802", "赤坎区"], ["440803", "霞山区"]], id="no city"),
        pytest.param(
            [["440800", "湛江市"], ["440900", "茂名市"], ["440802", "赤坎区"]], id="two cities"
        ),  # fmt: skip
        pytest.param([["440800", "湛江市"], ["440902", "茂南区"]], id="another city's county"),
        pytest.param(
            [["440800", "湛江市"], ["440802", "赤坎区"], ["440802", "霞山区"]], id="a code twice"
        ),  # fmt: skip
        pytest.param([["440800", "湛江市"], ["440802", ""]], id="an empty name"),
        pytest.param([["440800", "湛江市"], ["440802", "区" * 51]], id="a name too long"),
        pytest.param([["440800", "湛江市"]], id="a city without counties"),
        pytest.param([], id="no rows"),
    ],
)
def test_a_file_breaking_a_rule_is_refused_whole(tmp_path: Path, rows: list[list[str]]) -> None:
    before = database_rows()
    with pytest.raises(Refused) as refused:
        region_load(path=regions(tmp_path, rows), actor="test")
    assert refused.value.code == Code.REGION_INVALID
    assert database_rows() == before


@pytest.mark.django_db
def test_a_file_without_its_columns_or_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    before = database_rows()
    no_name = write_sheet(tmp_path / "a.csv", [["行政区划代码"], ["440800"]])
    not_a_sheet = tmp_path / "b.xlsx"
    not_a_sheet.write_bytes(b"%PDF-1.4 not a workbook")
    for path, code in ((no_name, Code.FILE_MISSING_COLUMN),
                       (not_a_sheet, Code.FILE_NOT_SPREADSHEET),
                       (tmp_path / "missing.csv", Code.FILE_MISSING)):  # fmt: skip
        with pytest.raises(Refused) as refused:
            region_load(path=path, actor="test")
        assert refused.value.code == code
    assert database_rows() == before

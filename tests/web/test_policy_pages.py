"""政策与学期: the city loads a 行政区划 file and catalogues, adds terms, reads the catalogue in
force in words, and prices a draft; every hostile upload is refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.aid.catalogues import edited, sen_grant, shipped_text, with_cap
from tests.aid.scenario import assess, enrol, new_id, school
from tests.snapshot import database_rows
from tests.web.conftest import City, client_for
from zizhu.registry.selectors import county_names, term_list
from zizhu.web.models import Job

REGIONS = "行政区划代码,名称\n440800,湛江市\n" + "".join(
    f"{code},{name}\n" for code, name in {
        "440802": "赤坎区", "440803": "霞山区", "440804": "坡头区", "440811": "麻章区",
        "440823": "遂溪县", "440825": "徐闻县", "440881": "廉江市", "440882": "雷州市",
        "440883": "吴川市",
    }.items()
)  # fmt: skip


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def test_the_city_sees_its_places_terms_and_versions(city: City) -> None:
    page = client_for("city").get(reverse("web:policy")).content.decode()
    assert "<title>政策与学期 · 湛江市学生资助管理信息系统</title>" in page
    assert "湛江市（440800），区县 9 个" in page and "吴川市（440883）" in page
    assert "2019年秋季学期" in page and "第1版 湛江市2019年学生资助政策" in page
    assert "zhanjiang-2019.toml" in page


def test_the_city_renames_a_county_by_loading_a_new_file(city: City) -> None:
    renamed = REGIONS.replace("440802,赤坎区", "440802,赤坎新区")
    response = client_for("city").post(
        reverse("web:regions_load"), {"file": upload("regions.csv", renamed)}, follow=True
    )
    assert "改名 1" in response.content.decode()
    assert county_names()["440802"] == "赤坎新区"
    # The new name shows on every page that names the county.
    dashboard = client_for("city").get(reverse("web:dashboard") + "?term=2019-2")
    assert "赤坎新区" in dashboard.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        pytest.param(
            "r.csv",
            REGIONS.replace("440803,霞山区\n", ""),
            "已有数据的区县",
            id="a county with data left out",
        ),  # fmt: skip
        pytest.param(
            "r.csv",
            "行政区划代码,名称\n440100,广州市\n440103,荔湾区\n",
            "已有数据",
            id="another city",
        ),
        pytest.param("r.csv", REGIONS + "440802,重复\n", "重复", id="a code twice"),
        pytest.param("r.csv", "名称\n湛江市\n", "缺少必填列", id="a column missing"),
        pytest.param("r.pdf", "%PDF-1.4", "只接受", id="not a spreadsheet"),
        pytest.param(
            "r.csv", "行政区划代码,名称\n" + "440899,区\n" * 40000, "超过", id="a huge file"
        ),  # fmt: skip
        pytest.param("r.csv", "", "空", id="an empty file"),
    ],
)
def test_a_hostile_regions_file_is_refused_with_nothing_changed(
    city: City, name: str, content: str, words: str
) -> None:
    before = database_rows()
    response = client_for("city").post(reverse("web:regions_load"), {"file": upload(name, content)})
    assert response.status_code == 200 and words in response.content.decode()
    assert database_rows() == before


def test_the_city_adds_a_term_and_a_malformed_one_is_refused(city: City) -> None:
    client = client_for("city")
    data = {"code": "2020-1", "name": "2020年春季学期", "reference_date": "2020-03-01",
            "payment_due": "2020-06-30"}  # fmt: skip
    assert client.post(reverse("web:term_add"), data).status_code == 302
    assert term_list()[-1].code == "2020-1"
    before = database_rows()
    for bad in ({"code": "2020-9"}, {"reference_date": "2021-03-01"}, {"name": ""},
                {"payment_due": "2020-01-01"}, {"code": "2019-2"}):  # fmt: skip
        response = client.post(reverse("web:term_add"), {**data, **bad})
        assert response.status_code == 200, bad
    # 2019-2 has no approved list yet, but its name is taken by the old one: refused above.
    assert database_rows() == before


def test_a_catalogue_is_loaded_and_read_in_words(city: City, tmp_path: Path) -> None:
    text = edited(tmp_path, sen_grant(amount="1200.00"), with_cap("3000.00")).read_bytes()
    client = client_for("city")
    response = client.post(reverse("web:catalogue_load"), {"file": upload("v2.toml", text)})
    assert response.status_code == 302 and response["Location"].endswith("?version=2")
    page = client.get(reverse("web:catalogue") + "?term=2019-2").content.decode()
    assert "湛江市2019年学生资助政策（第2版）" in page
    assert "学段为小学、初中；寄宿生；困难等级为特别困难、困难、一般困难" in page
    assert "1,200.00 元" in page and "3,000.00 元" in page
    assert "中央 80%，省级 20%，市级 0%，县级 0%" in page
    assert "农村义务教育非寄宿家庭经济困难学生生活费补助" in page  # BOARDING excludes it
    assert "10月7日" in page and "助学贷款额度" in page
    first = client.get(reverse("web:catalogue") + "?version=1").content.decode()
    assert "（第1版）" in first and "已被新版本取代" in first
    download = client.get(reverse("web:catalogue_file", args=[1]))
    assert download.content.decode() == shipped_text()
    # A county officer and an auditor read the policy (the newest term's by default); they
    # cannot load one.
    newest = client_for("county_in").get(reverse("web:catalogue")).content.decode()
    assert "（第2版）" in newest
    for user in ("county_in", "auditor"):
        assert client_for(user).get(reverse("web:catalogue") + "?term=2019-2").status_code == 200
        refused = client_for(user).post(reverse("web:catalogue_load"),
                                        {"file": upload("v3.toml", text)})  # fmt: skip
        assert refused.status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        pytest.param(
            "x.toml",
            shipped_text().replace('"2019-2"]', '"2019-2", "2031-2"]', 1),
            "系统中没有学期",
            id="an unknown term",
        ),  # fmt: skip
        pytest.param(
            "x.toml",
            shipped_text().replace("[programs.who]", "[programs.whom]", 1),
            "x.toml: programs[0].whom: 未知的键",
            id="a mistake, named where it is",
        ),
        pytest.param("x.toml", b"\xff\xfe\x00", "UTF-8", id="not text"),
        pytest.param("x.toml", "# " + "x" * 1_000_001, "超过", id="a huge file"),
        pytest.param("x.xlsx", "name = 1", "只接受", id="not a catalogue file"),
    ],
)
def test_a_hostile_catalogue_is_refused_with_nothing_changed(
    city: City, name: str, content: str | bytes, words: str
) -> None:
    before = database_rows()
    response = client_for("city").post(
        reverse("web:catalogue_load"), {"file": upload(name, content)}
    )
    assert response.status_code == 200 and words in response.content.decode()
    assert database_rows() == before


def test_the_what_if_prices_a_draft_per_program_and_county_and_changes_nothing(
    city: City, tmp_path: Path
) -> None:
    school("4408020005", "SENIOR")
    assess(enrol(new_id(), "4408020005", "SENIOR", 1), "HARDSHIP")
    draft = edited(tmp_path, sen_grant(amount="1500.00")).read_bytes()
    before = database_rows()
    response = client_for("city").post(
        reverse("web:whatif"), {"term": "2019-2", "file": upload("draft.toml", draft)},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert Job.objects.get(kind="WHAT_IF").status == "DONE"
    assert 'id="whatif-counties"' in page and "赤坎区" in page and "霞山区" in page
    job = Job.objects.get(kind="WHAT_IF")
    sen = next(p for p in job.result["programs"] if p["program"] == "SEN_GRANT")
    # The student enrolled after the lists were worked out would join them: one more, and
    # every one of the list at 1500 instead of 1000.
    today = sen["students"] - sen["change_students"]
    assert sen["change_students"] == 1 and sen["change_amount"] == f"+{500 * today + 1500}.00"
    assert database_rows() == before
    refused = client_for("city").post(
        reverse("web:whatif"), {"term": "2019-2", "file": upload("bad.toml", "name = 1")}
    )
    assert refused.status_code == 200 and "bad.toml" in refused.content.decode()
    assert Job.objects.filter(kind="WHAT_IF").count() == 1

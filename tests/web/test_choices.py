"""Choices, not typing (issue 14.5): terms are chosen from the Term table by name (the imports
page's too), and a list page's filters live in its address, so it can be bookmarked."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from tests.web.conftest import SCHOOL_A, SCHOOL_C, City, PaidCity, client_for
from tests.web.rosters import school_a_roster
from tests.web.test_imports import on_roster, upload
from zizhu.web.models import Job


def options(page: str, name: str) -> list[tuple[str, str]]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1))


def test_the_imports_page_offers_the_terms_by_name(city: City):
    page = client_for("school_in").get(reverse("web:imports")).content.decode()
    terms = options(page, "term")
    assert ("2019-2", "2019年秋季学期") in terms and ("2019-1", "2019年春季学期") in terms
    assert terms[0][0] == ""  # the kinds without a term choose none
    assert 'list="known-terms"' not in page  # no typing


def test_an_import_naming_a_term_not_in_the_list_is_refused_and_starts_nothing(
    city: City, tmp_path: Path
):
    before = on_roster()
    roster = school_a_roster(tmp_path / "名册.xlsx")
    for term in ("2031-2", "2019-2' OR '1'='1", "x" * 5000):
        response = client_for("school_in").post(
            reverse("web:imports"), {"kind": "students", "term": term, "file": upload(roster)}
        )
        assert response.status_code == 200
        assert "系统中没有这个学期" in response.content.decode()
    assert not Job.objects.filter(kind="IMPORT", file_name="名册.xlsx").exists()
    assert on_roster() == before


def test_the_list_pages_name_their_terms_and_keep_their_filters_in_the_address(
    paid_city: PaidCity,
):
    client = client_for("city")
    for url in (reverse("web:findings"), reverse("web:payment_list"), reverse("web:payments")):
        page = client.get(url + "?term=2019-2").content.decode()
        assert ("2019-2", "2019年秋季学期") in options(page, "term"), url
        assert re.search(r'<form method="get"', page), url
    # A filtered page is its address: the same address gives the same rows.
    address = reverse("web:payment_list") + "?term=2019-2&county=440803&program=SEN_GRANT"
    first, again = (client.get(address).content.decode().split("<main>")[1] for _ in range(2))
    assert '<option value="440803" selected>' in first and first == again
    assert "赤坎区" not in first.split('id="payment-list"')[1]
    download = client.get(address + "&download=xlsx")
    assert download.status_code == 200


def test_the_student_search_chooses_a_county_and_its_schools_from_lists(city: City):
    url = reverse("web:students") + "?q=李"
    county_page = client_for("county_in").get(url).content.decode()
    schools = options(county_page, "school")
    assert schools[0] == ("", "全部") and SCHOOL_A in {code for code, _ in schools}
    assert all(code != SCHOOL_C for code, _ in schools)  # only its own county's schools
    assert 'name="county"' not in county_page
    city_page = client_for("city").get(url).content.decode()
    assert ("440803", "霞山区") in options(city_page, "county")
    assert 'name="school"' not in city_page  # the city's thousands: a county first
    chosen = client_for("city").get(url + "&county=440803").content.decode()
    assert [code for code, _ in options(chosen, "school")][1:] == [SCHOOL_C]


def test_the_student_search_refuses_a_county_or_school_outside_the_users_own(city: City):
    url = reverse("web:students") + "?q=李"
    client = client_for("county_in")
    assert client.get(url + "&county=440803").status_code == 404
    assert client.get(url + f"&school={SCHOOL_C}").status_code == 404
    assert client.get(url + "&school=' OR 1=1 --").status_code == 404

"""The loans pages: each total links to the students behind it, listed with masked IDs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import City, client_for
from tests.web.loans import ID_WU, ID_ZHOU, city_loans
from zizhu.core.masking import mask_id_number

LIST = reverse("web:loan_list") + "?year=2019"


@pytest.fixture
def loan_city(city: City, tmp_path: Path) -> City:
    city_loans(city, tmp_path / "loans")
    return city


def test_each_total_on_the_loans_page_links_to_its_list(loan_city: City):
    page = client_for("city").get(reverse("web:loans") + "?year=2019").content.decode()
    assert 'href="/loans/list/?year=2019&amp;county=440802">2<' in page
    assert 'href="/loans/list/?year=2019&amp;county=440803">1<' in page
    assert 'href="/loans/list/?year=2019">3<' in page  # the city's total


def test_the_list_shows_each_student_with_a_masked_id_number(loan_city: City):
    page = client_for("city").get(LIST).content.decode()
    for id_number in (loan_city.id_a, ID_ZHOU, ID_WU):
        assert mask_id_number(id_number) in page
        assert id_number not in page
    assert "共 3 笔，26,000.00 元" in page
    assert "研究生" in page and "GRADUATE" not in page


def test_a_name_links_to_the_students_page_when_the_registry_knows_the_student(
    loan_city: City,
):
    page = client_for("city").get(LIST).content.decode()
    student = reverse("web:student", args=[loan_city.student_a])
    assert f'<a href="{student}">李明</a>' in page
    assert "<td>周一</td>" in page  # no person: no link


def test_a_county_lists_only_the_loans_of_its_county(loan_city: City):
    page = client_for("county_in").get(LIST).content.decode()
    assert "李明" in page and "周一" in page
    assert "吴二" not in page
    assert "共 2 笔" in page
    own = client_for("county_in").get(LIST + "&county=440802").content.decode()
    assert "李明" in own and "吴二" not in own


def test_the_city_filters_by_county(loan_city: City):
    page = client_for("city").get(LIST + "&county=440803").content.decode()
    assert "吴二" in page and "李明" not in page
    assert "共 1 笔，12,000.00 元" in page


def test_a_county_asking_for_another_county_gets_not_found(loan_city: City):
    response = client_for("county_out").get(LIST + "&county=440802")
    assert response.status_code == 404
    assert "李明" not in response.content.decode() and "周一" not in response.content.decode()


@pytest.mark.parametrize("user", ["school_in", "department"])
def test_roles_without_loans_are_refused(loan_city: City, user: str):
    assert client_for(user).get(LIST).status_code == 403


def test_the_list_is_paged(loan_city: City, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("zizhu.web.views.loans.PAGE_SIZE", 2)
    client = client_for("city")
    first = client.get(LIST).content.decode()
    second = client.get(LIST + "&page=2").content.decode()
    assert "HT2019-A01" in first and "HT2019-A02" in first and "HT2019-C01" not in first
    assert "HT2019-C01" in second and "HT2019-A01" not in second
    assert "第 1 / 2 页" in first and 'href="?year=2019&page=2"' in first
    assert "共 3 笔" in second  # the count is of the whole list

"""The account correction pages attacked: another county's student, hostile values, a huge
field, two confirmations at once. Each is refused and leaves the database as it was."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from tests.ids import break_check, make_id
from tests.web.accounts import account_correct, seen_token
from tests.web.conftest import SCHOOL_A, SCHOOL_C, City, client_for
from zizhu.core.models import Event
from zizhu.registry.models import Enrolment, RosterChange

PARENT = make_id(region="440802", birth="19850101", seq=31)
GOOD = {"term": "2019-2", "school": SCHOOL_A, "payee_name": "李明", "payee_id_number": "",
        "account_no": "6228480000000000123", "bank": "中国农业银行"}  # fmt: skip


def snapshot() -> tuple[object, ...]:
    payees = list(Enrolment.objects.order_by("pk").values_list(
        "pk", "payee_name", "payee_id_number", "account_no", "bank", "event_id"))  # fmt: skip
    return payees, RosterChange.objects.count(), Event.objects.exclude(action="web.login").count()


def url(person_id: int) -> str:
    return reverse("web:account_change", args=[person_id])


def test_the_form_starts_from_the_payee_in_force_not_the_students_name(city: City):
    Enrolment.objects.filter(person_id=city.student_a).update(
        payee_name="李父", payee_id_number=PARENT, bank="中国建设银行"
    )
    form = client_for("county_in").get(url(city.student_a) + f"?term=2019-2&school={SCHOOL_A}")
    page = form.content.decode()
    assert 'id="id_payee_name" value="李父"' in page
    assert f'id="id_payee_id_number" value="{PARENT}"' in page
    assert '<option value="中国建设银行" selected>' in page


def test_a_correction_for_another_countys_student_is_not_found_and_changes_nothing(city: City):
    before = snapshot()
    outsider = client_for("county_out")
    for step in ("check", "confirm"):
        response = outsider.post(url(city.student_a), {**GOOD, "step": step, "seen": "x"})
        assert response.status_code == 404
        assert "李明" not in response.content.decode()
    asked = outsider.get(url(city.student_a) + f"?term=2019-2&school={SCHOOL_A}")
    assert asked.status_code == 404
    # Their own student's address, another county's school: not found either.
    mixed = outsider.post(url(city.student_c), {**GOOD, "step": "confirm"})
    assert mixed.status_code == 404
    insider = client_for("county_in")
    assert insider.post(url(city.student_c), {**GOOD, "school": SCHOOL_C}).status_code == 404
    for role in ("school_in", "city", "auditor", "department"):
        assert client_for(role).post(url(city.student_a), GOOD).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"payee_name": "李父", "payee_id_number": break_check(PARENT)},  # a bad check character
        {"payee_name": "李父", "payee_id_number": make_id(birth="20300101")},  # born in 2030
        {"payee_name": "李父", "payee_id_number": ""},  # a parent with no ID number
        {"bank": "农行"},  # not a bank of the list
        {"payee_name": "李" * 200_000},  # a huge field
        {"account_no": "6" * 100_000},
    ],
    ids=["bad-checksum", "future-birth", "parent-without-id", "bank-not-listed", "huge-name",
         "huge-account"],
)  # fmt: skip
def test_a_hostile_correction_is_refused_at_each_step_and_changes_nothing(
    city: City, fields: dict[str, str]
):
    county = client_for("county_in")
    before = snapshot()
    checked = county.post(url(city.student_a), {**GOOD, **fields, "step": "check"})
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "未更正" in page and 'id="account-confirm"' not in page
    token = seen_token(county.post(url(city.student_a), {**GOOD, "step": "check"}).content.decode())
    confirmed = county.post(url(city.student_a),
                            {**GOOD, **fields, "step": "confirm", "seen": token})  # fmt: skip
    assert confirmed.status_code == 200 and "未更正" in confirmed.content.decode()
    assert snapshot() == before


def test_a_confirmation_made_against_an_old_view_is_refused_and_starts_again(city: City):
    county = client_for("county_in")
    page = county.post(url(city.student_a), {**GOOD, "step": "check"}).content.decode()
    stale = seen_token(page)
    saved = account_correct(county, city.student_a, {**GOOD, "account_no": "6228480000000000999"})
    assert saved.status_code == 302
    before = snapshot()
    again = county.post(url(city.student_a), {**GOOD, "step": "confirm", "seen": stale})
    assert again.status_code == 302 and "?term=2019-2" in again["Location"]
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_on_one_enrolment_one_stands_the_other_is_refused(
    city: City,
):
    """Two officers of the county confirm at the same moment, both against the payee they
    saw. On PostgreSQL the requests' transactions really overlap (SQLite runs one writer at a
    time: the test above is that case); the row lock makes the second see the first's payee."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    token = seen_token(client_for("county_in").post(
        url(city.student_a), {**GOOD, "step": "check"}).content.decode())  # fmt: skip
    start = threading.Barrier(2)
    answers: list[str] = []

    def confirm(account: str) -> None:
        client = client_for("county_in")
        try:
            start.wait()
            response = client.post(url(city.student_a),
                                   {**GOOD, "account_no": account, "step": "confirm",
                                    "seen": token})  # fmt: skip
            answers.append(response["Location"])
        finally:
            connection.close()

    workers = [threading.Thread(target=confirm, args=(f"622848000000000{n}111",)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # One went back to the student's page (saved), the other to the form (refused).
    assert sorted("account" in where for where in answers) == [False, True]
    assert RosterChange.objects.filter(kind="CHANGED").count() == 1
    assert Event.objects.filter(action="registry.account_change").count() == 1
    stored = Enrolment.objects.get(person_id=city.student_a, term_id="2019-2")
    assert stored.account_no == RosterChange.objects.get(kind="CHANGED").new_account

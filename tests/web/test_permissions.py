"""Every URL for every role, inside and outside its jurisdiction.

Expected: 200 (a page) or 302 (an action done, then a redirect); 403 for a role the page is
not for; 404 for an object outside the user's jurisdiction (never its data); anonymous users
are sent to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import ROLES, City, PaidCity, client_for
from tests.web.loans import city_loans

T = "?term=2019-2"
USERS = [*ROLES, None]


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[City], str]
    expect: dict[str, int]  # by user; a user not named gets `other`
    other: int = 403
    method: str = "get"
    data: dict[str, str] | None = None


VIEWERS = {"city": 200, "county_in": 200, "county_out": 200, "school_in": 200,
           "school_out": 200, "auditor": 200}  # fmt: skip
IMPORTERS = {"city": 200, "county_in": 200, "county_out": 200, "school_in": 200,
             "school_out": 200, "department": 200}  # fmt: skip

CASES = [
    Case("dashboard", lambda c: reverse("web:dashboard"), VIEWERS),
    Case("schools", lambda c: reverse("web:schools"), VIEWERS),
    Case("students", lambda c: reverse("web:students") + "?q=李", VIEWERS),
    Case(
        "students of school A",
        lambda c: reverse("web:students") + "?school=4408020003",
        {
            "city": 200,
            "county_in": 200,
            "county_out": 404,
            "school_in": 200,
            "school_out": 200,
            "auditor": 200,
        },
    ),  # fmt: skip
    Case(
        "student A",
        lambda c: reverse("web:student", args=[c.student_a]),
        {
            "city": 200,
            "county_in": 200,
            "county_out": 404,
            "school_in": 200,
            "school_out": 404,
            "auditor": 200,
        },
    ),  # fmt: skip
    Case(
        "student C",
        lambda c: reverse("web:student", args=[c.student_c]),
        {
            "city": 200,
            "county_in": 404,
            "county_out": 200,
            "school_in": 404,
            "school_out": 200,
            "auditor": 200,
        },
    ),  # fmt: skip
    Case("aid index", lambda c: reverse("web:aid_index") + T, VIEWERS),
    Case("aid list", lambda c: reverse("web:aid_list", args=["SEN_GRANT"]) + T, VIEWERS),
    Case(
        "aid list of county 440802",
        lambda c: reverse("web:aid_list", args=["SEN_GRANT"]) + T + "&county=440802",
        {**VIEWERS, "county_out": 404, "school_out": 404},  # a school of 440803 asks: not its own
    ),  # fmt: skip
    Case("imports", lambda c: reverse("web:imports"), IMPORTERS),
    Case("template", lambda c: reverse("web:import_template", args=["students"]), IMPORTERS),
    Case(
        "job",
        lambda c: reverse("web:job", args=[c.job_a]),
        {
            "school_in": 200,
            "city": 404,
            "county_in": 404,
            "county_out": 404,
            "school_out": 404,
            "department": 404,
        },
    ),  # fmt: skip
    Case(
        "job errors",
        lambda c: reverse("web:job_errors", args=[c.job_a]),
        {
            "school_in": 200,
            "city": 404,
            "county_in": 404,
            "county_out": 404,
            "school_out": 404,
            "department": 404,
        },
    ),  # fmt: skip
    Case(
        "mismatches",
        lambda c: reverse("web:mismatches") + T,
        {"city": 200, "county_in": 200, "county_out": 200, "auditor": 200},
    ),
    Case(
        "departments",
        lambda c: reverse("web:departments"),
        {"city": 200, "auditor": 200, "department": 200},
    ),
    Case("audit trail", lambda c: reverse("web:audit_trail"), {"city": 200, "auditor": 200}),
    Case("home", lambda c: reverse("web:home"), {r: 302 for r in ROLES}),
    Case(
        "entitle",
        lambda c: reverse("web:entitle"),
        {"city": 302, "county_in": 302, "county_out": 302},
        method="post",
        data={"term": "2019-2"},
    ),  # fmt: skip
    Case(
        "confirm list",
        lambda c: reverse("web:aid_confirm", args=["SEN_GRANT"]),
        {"school_in": 302, "school_out": 302},
        method="post",
        data={"term": "2019-2"},
    ),
    Case(
        "exclude A",
        lambda c: reverse("web:aid_exclude", args=[c.entitlement_a]),
        {"school_in": 302, "school_out": 404},
        method="post",
        data={"reason": "已转学"},
    ),
    Case(
        "add",
        lambda c: reverse("web:aid_add", args=["SEN_GRANT"]),
        {"school_in": 302, "school_out": 302},
        method="post",
        data={"term": "2019-2", "student": "X", "evidence": "证明"},
    ),  # fmt: skip
    Case(
        "publicity",
        lambda c: reverse("web:aid_publicity", args=["SEN_GRANT"]),
        {"county_in": 302, "county_out": 302},
        method="post",
        data={"term": "2019-2", "start_date": "2019-09-16"},
    ),  # fmt: skip
    Case(
        "approve",
        lambda c: reverse("web:aid_approve", args=["SEN_GRANT"]),
        {"county_in": 302, "county_out": 302},
        method="post",
        data={"term": "2019-2"},
    ),
    Case(
        "confirm mismatch A",
        lambda c: reverse("web:mismatch_confirm", args=[c.mismatch_a]),
        {"city": 302, "county_in": 302, "county_out": 404},
        method="post",
        data={"term": "2019-2"},
    ),  # fmt: skip
]


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_role_gets_what_its_jurisdiction_allows(case: Case, user: str | None, city: City):
    client = client_for(user)
    url = case.url(city)
    response = getattr(client, case.method)(url, case.data or {})
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))
        return
    expected = case.expect.get(user, case.other)
    assert response.status_code == expected, (case.name, user, response.status_code)
    if expected == 404:
        assert "李明" not in response.content.decode(errors="ignore")


# ---- payments, account correction, findings, report, loans (a city with payments) ----------

PAYERS = {"city": 200, "county_in": 200, "county_out": 200, "auditor": 200}
ACCOUNT = {
    "term": "2019-2",
    "school": "4408020003",
    "payee_name": "李明",
    "payee_id_number": "",
    "account_no": "6228480000000000123",
    "bank": "农业银行",
}

PAID_CASES = [
    Case("payments", lambda c: reverse("web:payments") + T, PAYERS),
    Case(
        "pay export",
        lambda c: reverse("web:pay_export"),
        {"city": 302, "county_in": 302, "county_out": 302},
        method="post",
        data={"term": "2019-2"},
    ),  # fmt: skip
    Case(
        "bank file of batch A",
        lambda c: reverse("web:batch_file", args=[c.batch_a]) + T,  # type: ignore[attr-defined]
        {**PAYERS, "county_out": 404},
    ),
    Case(
        "returns upload (no file)",
        lambda c: reverse("web:payments") + T,
        {"city": 200, "county_in": 200, "county_out": 200},
        method="post",
    ),  # fmt: skip
    Case(
        "account of student A",
        lambda c: reverse("web:account_change", args=[c.student_a]),
        {"county_in": 302, "county_out": 404},
        method="post",
        data=ACCOUNT,
    ),  # fmt: skip
    Case("payment list", lambda c: reverse("web:payment_list") + T, PAYERS),
    Case(
        "payment list of county 440802",
        lambda c: reverse("web:payment_list") + T + "&county=440802&status=SENT",
        {**PAYERS, "county_out": 404},
    ),
    Case(
        "payment list of county 440803",
        lambda c: reverse("web:payment_list") + T + "&county=440803",
        {**PAYERS, "county_in": 404},
    ),
    Case(
        "payment list of batch A",
        lambda c: reverse("web:payment_list") + T + f"&batch={c.batch_a}",  # type: ignore[attr-defined]
        PAYERS,  # another county's officer gets his own county's payments of it: none
    ),
    Case("findings", lambda c: reverse("web:findings") + T, PAYERS),
    Case(
        "findings of county 440802",
        lambda c: reverse("web:findings") + T + "&county=440802",
        {**PAYERS, "county_out": 404},
    ),
    Case(
        "run audit",
        lambda c: reverse("web:audit_run"),
        {"city": 302},
        method="post",
        data={"term": "2019-2"},
    ),
    Case(
        "resolve finding A",
        lambda c: reverse("web:finding_resolve", args=[c.finding_a]),  # type: ignore[attr-defined]
        {"city": 302, "county_in": 302, "county_out": 404},
        method="post",
        data={"note": "已核实"},
    ),  # fmt: skip
    Case("report", lambda c: reverse("web:report") + "?year=2019", PAYERS),
    Case("report xlsx", lambda c: reverse("web:report_xlsx") + "?year=2019", PAYERS),
    Case("loans", lambda c: reverse("web:loans") + "?year=2019", PAYERS),
]


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", PAID_CASES, ids=[c.name for c in PAID_CASES])
def test_each_role_gets_what_its_jurisdiction_allows_in_payments_audit_and_reports(
    case: Case, user: str | None, paid_city: PaidCity
):
    test_each_role_gets_what_its_jurisdiction_allows(case, user, paid_city)


# ---- the students behind the loans (a city with loans, 李明's among them) -------------------

LOAN_CASES = [
    Case("loan list", lambda c: reverse("web:loan_list") + "?year=2019", PAYERS),
    Case(
        "loan list of county 440802",
        lambda c: reverse("web:loan_list") + "?year=2019&county=440802",
        {**PAYERS, "county_out": 404},
    ),
    Case(
        "loan list of county 440803",
        lambda c: reverse("web:loan_list") + "?year=2019&county=440803",
        {**PAYERS, "county_in": 404},
    ),
]


@pytest.fixture
def loan_city(city: City, tmp_path: Path) -> City:
    city_loans(city, tmp_path / "loans")
    return city


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", LOAN_CASES, ids=[c.name for c in LOAN_CASES])
def test_each_role_gets_what_its_jurisdiction_allows_in_the_loan_lists(
    case: Case, user: str | None, loan_city: City
):
    test_each_role_gets_what_its_jurisdiction_allows(case, user, loan_city)

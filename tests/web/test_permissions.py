"""Every URL for every role, inside and outside its jurisdiction.

Expected: 200 (a page) or 302 (an action done, then a redirect); 403 for a role the page is
not for; 404 for an object outside the user's jurisdiction (never its data); anonymous users
are sent to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, resolve, reverse

from tests.files import write_sheet
from tests.registry.roster import HEADER as ROSTER_HEADER
from tests.web.conftest import ROLES, City, PaidCity, client_for
from tests.web.loans import city_loans
from zizhu.demo.places import year_load
from zizhu.web.urls import urlpatterns

T = "?term=2019-2"
USERS = [*ROLES, None]


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[City], str]
    expect: dict[str, int]  # by user; a user not named gets `other`
    other: int = 403
    method: str = "get"
    data: dict[str, Any] | Callable[[], dict[str, Any]] | None = None  # a callable: per request


VIEWERS = {"city": 200, "county_in": 200, "county_out": 200, "school_in": 200,
           "school_out": 200, "auditor": 200}  # fmt: skip
POLICY_READERS = {"city": 200, "county_in": 200, "county_out": 200, "auditor": 200}
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
        {"school_in": 302, "school_out": 404, "county_in": 302, "county_out": 404},
        method="post",
        data={"reason": "已转学"},
    ),
    Case(
        "confirm page",
        lambda c: reverse("web:aid_confirm", args=["SEN_GRANT"]) + T,
        {"school_in": 200, "school_out": 200},
    ),
    Case(
        "confirm list as shown",
        lambda c: reverse("web:aid_confirm", args=["SEN_GRANT"]),
        {"school_in": 302, "school_out": 302},
        method="post",
        data={"term": "2019-2", "count": "2", "amount_fen": "200000"},
    ),
    Case(
        "send back school A",
        lambda c: reverse("web:aid_send_back", args=["SEN_GRANT"]),
        {"county_in": 302, "county_out": 404},
        method="post",
        data={"term": "2019-2", "school": "4408020003", "note": "请核实"},
    ),
    Case(
        "approval page",
        lambda c: reverse("web:aid_approve", args=["SEN_GRANT"]) + T,
        {"county_in": 200, "county_out": 200},
    ),
    Case(
        "school page",
        lambda c: reverse("web:school_home") + T,
        {"school_in": 200, "school_out": 200},
    ),
    Case(
        "entitle page",
        lambda c: reverse("web:entitle") + T,
        {"city": 200, "county_in": 200, "county_out": 200},
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
        "approve as shown",
        lambda c: reverse("web:aid_approve", args=["SEN_GRANT"]),
        {"county_in": 302, "county_out": 302},
        method="post",
        data={
            "term": "2019-2",
            "count": "0",
            "amount_fen": "0",
            "unconfirmed_count": "2",
            "unconfirmed_fen": "200000",
            "with_unconfirmed": "on",
        },
    ),
    Case(
        "confirm mismatch A",
        lambda c: reverse("web:mismatch_confirm", args=[c.mismatch_a]),
        {"city": 302, "county_in": 302, "county_out": 404},
        method="post",
        data={"term": "2019-2"},
    ),  # fmt: skip
    Case("sign out", lambda c: reverse("web:logout"), {r: 302 for r in ROLES}, method="post"),
    Case(
        "publicity notice",
        lambda c: reverse("web:aid_notice", args=["SEN_GRANT"]) + T,
        # A notice is a school's or a county's: the city and auditors pick a county first.
        {**VIEWERS, "city": 404, "auditor": 404},
    ),
    Case(
        "publicity notice of county 440802",
        lambda c: reverse("web:aid_notice", args=["SEN_GRANT"]) + T + "&county=440802",
        {**VIEWERS, "county_out": 404, "school_out": 404},
    ),
    Case(
        "upload school A's roster",
        lambda c: reverse("web:imports"),
        # Every role that may upload rosters gets its job page; the job itself then refuses
        # a school or county outside the file's (tests/security); others are turned away.
        {
            "city": 302,
            "county_in": 302,
            "county_out": 302,
            "school_in": 302,
            "school_out": 302,
            "department": 200,
        },
        method="post",
        data=lambda: {"kind": "students", "term": "2019-2", "file": roster_upload()},
    ),  # fmt: skip
    Case(
        "confirm job A",
        lambda c: reverse("web:job_confirm", args=[c.job_a]),
        {
            "city": 404,
            "county_in": 404,
            "county_out": 404,
            "school_in": 404,
            "school_out": 404,
            "department": 404,
        },  # job A is done, not awaiting: nobody, its owner included
        method="post",
    ),  # fmt: skip
    Case(
        "cancel job A",
        lambda c: reverse("web:job_cancel", args=[c.job_a]),
        {
            "city": 404,
            "county_in": 404,
            "county_out": 404,
            "school_in": 404,
            "school_out": 404,
            "department": 404,
        },
        method="post",
    ),  # fmt: skip
    Case(
        "run job A again",
        lambda c: reverse("web:job_again", args=[c.job_a]),
        {
            "city": 302,
            "county_in": 302,
            "county_out": 302,
            "school_in": 302,
            "school_out": 302,
            "department": 302,
        },  # a job not failed is not run again: back to its page, or a 404
        method="post",
    ),  # fmt: skip
    # 政策与学期: the city loads places, terms and policy; county officers and auditors read
    # the policy in force.
    Case("policy", lambda c: reverse("web:policy"), {"city": 200}),
    Case("catalogue in force", lambda c: reverse("web:catalogue"), POLICY_READERS),
    Case("catalogue of a term", lambda c: reverse("web:catalogue") + T, POLICY_READERS),
    Case("catalogue version 1", lambda c: reverse("web:catalogue") + "?version=1", POLICY_READERS),
    Case(
        "catalogue of an unknown term",
        lambda c: reverse("web:catalogue") + "?term=2031-1",
        {"city": 404, "county_in": 404, "county_out": 404, "auditor": 404},
    ),
    Case("catalogue file", lambda c: reverse("web:catalogue_file", args=[1]), POLICY_READERS),
    Case(
        "load regions (no file)",
        lambda c: reverse("web:regions_load"),
        {"city": 200},
        method="post",
    ),  # fmt: skip
    Case(
        "add a term",
        lambda c: reverse("web:term_add"),
        {"city": 302},
        method="post",
        data={
            "code": "2020-1",
            "name": "2020年春季学期",
            "reference_date": "2020-03-01",
            "payment_due": "2020-06-30",
        },
    ),  # fmt: skip
    Case(
        "load a catalogue (no file)",
        lambda c: reverse("web:catalogue_load"),
        {"city": 200},
        method="post",
    ),  # fmt: skip
    Case(
        "what-if (no file)",
        lambda c: reverse("web:whatif"),
        {"city": 200},
        method="post",
        data={"term": "2019-2"},
    ),  # fmt: skip
]


def roster_upload() -> SimpleUploadedFile:
    """A one-row roster of school A, as an upload (a fresh one for every request)."""
    import tempfile

    from tests.ids import make_id
    from tests.registry.roster import student

    row = student(make_id(birth="20040505", seq=21), name="新生", school="4408020003",
                  stage="普通高中", grade="1")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = write_sheet(Path(folder) / "名册.xlsx", [ROSTER_HEADER, row], sheet="学生名册")
        return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_role_gets_what_its_jurisdiction_allows(case: Case, user: str | None, city: City):
    client = client_for(user)
    url = case.url(city)
    data = case.data() if callable(case.data) else case.data
    response = getattr(client, case.method)(url, data or {})
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
    "bank": "中国农业银行",
}
# Findings are seen by the offices, and by a school only when handed to it (none is yet).
FINDING_VIEWERS = {**PAYERS, "school_in": 200, "school_out": 200}

PAID_CASES = [
    Case("payments", lambda c: reverse("web:payments") + T, PAYERS),
    Case(
        "pay export page",
        lambda c: reverse("web:pay_export") + T,
        {"city": 200, "county_in": 200, "county_out": 200},
    ),
    Case(
        "pay export as shown",
        lambda c: reverse("web:pay_export"),
        {"city": 302, "county_in": 302, "county_out": 302},
        method="post",
        data={"term": "2019-2", "count": "0", "amount_fen": "0"},
    ),
    Case(
        "school page with payments",
        lambda c: reverse("web:school_home") + T,
        {"school_in": 200, "school_out": 200},
    ),
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
        "returns upload",
        lambda c: reverse("web:payments") + T,
        {"city": 302, "county_in": 302, "county_out": 302},
        method="post",
        data=lambda: {"file": SimpleUploadedFile("回盘.csv", "批次号,序号\n".encode())},
    ),  # fmt: skip
    Case(
        "account form of student A",
        lambda c: (
            reverse("web:account_change", args=[c.student_a]) + "?term=2019-2&school=4408020003"
        ),
        {"county_in": 200, "county_out": 404},
    ),  # fmt: skip
    Case(
        "account check of student A",
        lambda c: reverse("web:account_change", args=[c.student_a]),
        {"county_in": 200, "county_out": 404},  # the confirmation page, nothing saved
        method="post",
        data={**ACCOUNT, "step": "check"},
    ),  # fmt: skip
    Case(
        "account confirm of student A",
        lambda c: reverse("web:account_change", args=[c.student_a]),
        {"county_in": 302, "county_out": 404},
        method="post",
        data={**ACCOUNT, "step": "confirm", "seen": "0"},
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
    Case("findings", lambda c: reverse("web:findings") + T, FINDING_VIEWERS),
    Case(
        "resolved findings",
        lambda c: reverse("web:findings") + T + "&state=RESOLVED",
        FINDING_VIEWERS,
    ),
    Case(
        "findings of county 440802",
        lambda c: reverse("web:findings") + T + "&county=440802",
        {**FINDING_VIEWERS, "county_out": 404, "school_out": 404},
    ),
    Case(
        "finding A",
        lambda c: reverse("web:finding", args=[c.finding_a]),  # type: ignore[attr-defined]
        {
            "city": 200,
            "county_in": 200,
            "county_out": 404,
            "auditor": 200,
            "school_in": 404,
            "school_out": 404,
        },
    ),  # fmt: skip
    Case(
        "hand finding A to school A",
        lambda c: reverse("web:finding_hand", args=[c.finding_a]),  # type: ignore[attr-defined]
        {"city": 302, "county_in": 302, "county_out": 404},
        method="post",
        data={"school": "4408020003", "note": "请核实"},
    ),  # fmt: skip
    Case(
        "answer finding A (not handed)",
        lambda c: reverse("web:finding_answer", args=[c.finding_a]),  # type: ignore[attr-defined]
        {"school_in": 404, "school_out": 404},
        method="post",
        data={"note": "已核实"},
    ),  # fmt: skip
    Case(
        "audit trail of a user",
        lambda c: reverse("web:audit_trail") + "?actor=county_in&action=audit.hand",
        {"city": 200, "auditor": 200},
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


# ---- the county's 公示 records (a city with a 公示 of county 440802) -------------------------


def with_publicity(city: City) -> Any:
    """The city and `publicity_a`, a 公示 of county 440802's SEN_GRANT list."""
    import datetime as dt

    from zizhu.aid.services import publicity_record
    from zizhu.core.scope import Scope

    day = dt.date(2019, 9, 16)
    recorded = publicity_record(
        scope=Scope.of_county("440802"), actor="test", term="2019-2", program="SEN_GRANT",
        start_date=day, today=day,
    )  # fmt: skip
    return SimpleNamespace(**vars(city), publicity_a=recorded.pk)


@pytest.fixture
def publicity_city(city: City) -> Any:
    return with_publicity(city)


PUBLICITY_CASES = [
    Case(
        "correct publicity A",
        lambda c: reverse("web:publicity_correct", args=[c.publicity_a]),  # type: ignore[attr-defined]
        {"county_in": 302, "county_out": 404},
        method="post",
        data={
            "term": "2019-2",
            "program": "SEN_GRANT",
            "start_date": "2019-09-17",
            "on_paper": "on",
            "note": "日期录错",
        },
    ),  # fmt: skip
    Case(
        "withdraw publicity A",
        lambda c: reverse("web:publicity_withdraw", args=[c.publicity_a]),  # type: ignore[attr-defined]
        {"county_in": 302, "county_out": 404},
        method="post",
        data={"term": "2019-2", "program": "SEN_GRANT", "note": "重复登记"},
    ),
    Case(
        "aid list with publicity records",
        lambda c: reverse("web:aid_list", args=["SEN_GRANT"]) + T,
        VIEWERS,
    ),
]


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", PUBLICITY_CASES, ids=[c.name for c in PUBLICITY_CASES])
def test_each_role_gets_what_its_jurisdiction_allows_with_publicity_records(
    case: Case, user: str | None, publicity_city: Any
):
    test_each_role_gets_what_its_jurisdiction_allows(case, user, publicity_city)


# ---- a finding handed to school A: the school sees it and may answer it ---------------------

HANDED_CASES = [
    Case(
        "handed finding A",
        lambda c: reverse("web:finding", args=[c.finding_a]),  # type: ignore[attr-defined]
        {
            "city": 200,
            "county_in": 200,
            "county_out": 404,
            "auditor": 200,
            "school_in": 200,
            "school_out": 404,
        },
    ),  # fmt: skip
    Case(
        "answer handed finding A",
        lambda c: reverse("web:finding_answer", args=[c.finding_a]),  # type: ignore[attr-defined]
        {"school_in": 302, "school_out": 404},
        method="post",
        data={"note": "已核实"},
    ),  # fmt: skip
    Case(
        "resolve handed finding A",
        lambda c: reverse("web:finding_resolve", args=[c.finding_a]),  # type: ignore[attr-defined]
        {"city": 302, "county_in": 302, "county_out": 404},
        method="post",
        data={"note": "已核实"},
    ),  # fmt: skip
]


@pytest.fixture
def handed_city(paid_city: PaidCity) -> PaidCity:
    from zizhu.audit.services import finding_hand
    from zizhu.core.scope import Scope

    finding_hand(scope=Scope.of_county("440802"), actor="test", finding_id=paid_city.finding_a,
                 school="4408020003", note="请核实")  # fmt: skip
    return paid_city


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", HANDED_CASES, ids=[c.name for c in HANDED_CASES])
def test_each_role_gets_what_its_jurisdiction_allows_on_a_handed_finding(
    case: Case, user: str | None, handed_city: PaidCity
):
    test_each_role_gets_what_its_jurisdiction_allows(case, user, handed_city)


# ---- every address of the site is in the matrix ------------------------------------------


def test_every_address_and_every_post_is_in_the_matrix(paid_city: PaidCity) -> None:
    """A page or action added without its row in the matrix fails here: every URL pattern
    has a case, and every one that takes a POST has a POST case."""
    cases = [*CASES, *PAID_CASES, *LOAN_CASES, *PUBLICITY_CASES, *HANDED_CASES, *COMPARE_CASES]
    paid_city = with_publicity(paid_city)
    seen: dict[str, set[str]] = {}
    for case in cases:
        name = resolve(case.url(paid_city).split("?")[0]).url_name or ""
        seen.setdefault(name, set()).add(case.method)
    # The sign-in page is everyone's, the anonymous included: tests/security tests it.
    names = [p.name for p in urlpatterns if isinstance(p, URLPattern) and p.name != "login"]
    assert [n for n in names if n not in seen] == []
    city = client_for("city")
    posted = []
    for pattern in urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name in (None, "login"):
            continue
        case = next(c for c in cases if resolve(c.url(paid_city).split("?")[0]).url_name
                    == pattern.name)  # fmt: skip
        if city.get(case.url(paid_city)).status_code == 405:  # an action: POST only
            posted.append(pattern.name)
    assert posted, "the site has actions"
    assert [n for n in posted if "post" not in seen[n]] == []


# ---- the year-over-year view (a city with 2020 opened besides its paid 2019) --------------

COMPARE = "?before=2019&after=2020"
COMPARE_CASES = [
    Case("report compare", lambda c: reverse("web:report_compare") + COMPARE, PAYERS),
    Case("report compare, the newest two years", lambda c: reverse("web:report_compare"), PAYERS),
    Case("report compare xlsx", lambda c: reverse("web:report_compare_xlsx") + COMPARE, PAYERS),
    Case(
        "report compare with a year without terms",
        lambda c: reverse("web:report_compare") + "?before=2018&after=2019",
        dict.fromkeys(PAYERS, 404),
    ),
    Case(
        "report compare with a year that is not a number",
        lambda c: reverse("web:report_compare_xlsx") + "?before=2019&after=20x0",
        dict.fromkeys(PAYERS, 404),
    ),
    Case(
        "report compare of one year with itself",
        lambda c: reverse("web:report_compare") + "?before=2019&after=2019",
        dict.fromkeys(PAYERS, 404),
    ),
]


@pytest.fixture
def two_years(paid_city: PaidCity) -> PaidCity:
    """2019's payments answered 成功 by the bank, and 2020 opened (its terms and catalogue)."""
    from zizhu.payments.models import Payment

    Payment.objects.filter(status="SENT").update(status="SUCCEEDED")
    year_load(2020, actor="test")
    return paid_city


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
@pytest.mark.parametrize("case", COMPARE_CASES, ids=[c.name for c in COMPARE_CASES])
def test_each_role_gets_what_its_jurisdiction_allows_in_the_year_comparison(
    case: Case, user: str | None, two_years: PaidCity
) -> None:
    test_each_role_gets_what_its_jurisdiction_allows(case, user, two_years)


def test_a_county_officer_compares_only_their_own_county(two_years: PaidCity) -> None:
    url = reverse("web:report_compare") + COMPARE
    city_page = client_for("city").get(url).content.decode()
    assert "赤坎区" in city_page and "霞山区" in city_page
    own = client_for("county_in").get(url).content.decode()
    assert "赤坎区2019—2020年学生资助年度对比" in own
    assert "霞山区" not in own

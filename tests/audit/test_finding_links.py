"""Each finding links the students and records it concerns, read for a whole page at once,
and shows its facts in words (categories and programs by name, never their codes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.aid.scenario import assess, civil, department_list, enrol, jdlk, new_id, school
from zizhu.audit.models import Finding
from zizhu.audit.selectors import finding_line, finding_links, finding_rows
from zizhu.audit.services import audit
from zizhu.core.scope import Scope

pytestmark = pytest.mark.django_db

A, A2, B, SENIOR = "4408020001", "4408020002", "4408030002", "4408020004"
CHIKAN = Scope.of_county("440802")


@pytest.fixture(autouse=True)
def schools() -> None:
    school(A, "PRIMARY")
    school(A2, "PRIMARY")
    school(B, "PRIMARY", county="440803")
    school(SENIOR, "SENIOR", fee="1250")


def run() -> None:
    audit(scope=Scope.city(), term="2019-2", actor="cli:root")


def links_of(scope: Scope, check: str) -> dict[str, object]:
    page = finding_rows(scope=scope, term="2019-2", check=check)
    links = finding_links(scope=scope, term="2019-2", findings=page.rows)
    return {f.name: links[f.id] for f in page.rows}


def test_a_shared_account_links_the_other_holders_and_only_counts_those_outside_the_county():
    shared = "6217000000000012345"
    for n, code in enumerate((A, A, A2, B)):
        enrol(new_id(), code, "PRIMARY", 3, name=f"学生{n}", account_no=shared,
              payee_name=f"户主{n}")  # fmt: skip
    enrol(new_id(), A, "PRIMARY", 3, name="旁人", account_no="6217000000000099999")
    run()
    links = links_of(CHIKAN, "SHARED_ACCOUNT")
    assert set(links) == {"学生0", "学生1", "学生2"}
    first = links["学生0"]
    named = {(s.name, s.school_code) for s in first.sharers if s.in_scope}  # type: ignore[attr-defined]
    assert named == {("学生1", A), ("学生2", A2)}
    assert first.sharers_outside == 1  # type: ignore[attr-defined]
    assert all(s.name == "" for s in first.sharers if not s.in_scope)  # type: ignore[attr-defined]


def test_a_duplicate_enrolment_names_the_other_school():
    kid = new_id()
    enrol(kid, A, "PRIMARY", 3, name="张三")
    enrol(kid, B, "PRIMARY", 3, name="张三")
    run()
    (links,) = links_of(CHIKAN, "DUP_ENROLLMENT").values()
    schools = {(s.school_code, s.in_scope) for s in links.schools}  # type: ignore[attr-defined]
    assert schools == {(A, True), (B, False)}
    (city_links,) = links_of(Scope.city(), "DUP_ENROLLMENT").values()
    assert all(s.in_scope for s in city_links.schools)  # type: ignore[attr-defined]


def test_a_category_conflict_shows_its_categories_in_words_and_links_the_list_rows():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 1, name="李四"), "NONE")
    department_list("JDLK", [jdlk(kid, name="李四")], year=2019)
    department_list("CIVIL", [civil(kid, "RURAL_DIBAO", dt.date(2019, 1, 1), name="李四")])
    run()
    stored = Finding.objects.get(check_code="CATEGORY_CONFLICT")
    assert "JDLK" in stored.detail  # the database keeps the codes
    line = finding_line(scope=CHIKAN, finding_id=stored.pk)
    assert line is not None
    assert "建档立卡" in line.detail and "农村低保" in line.detail
    assert "JDLK" not in line.detail and "RURAL_DIBAO" not in line.detail
    (links,) = links_of(CHIKAN, "CATEGORY_CONFLICT").values()
    kinds = {(c.category, c.list_kind, c.row_no) for c in links.categories}  # type: ignore[attr-defined]
    assert kinds == {("JDLK", "JDLK", 2), ("RURAL_DIBAO", "CIVIL", 2)}


def test_a_name_mismatch_links_the_list_record_held_for_review():
    kid = new_id()
    enrol(kid, A, "PRIMARY", 3, name="李雷")
    department_list("JDLK", [jdlk(kid, name="李磊")], year=2019)
    run()
    (links,) = links_of(CHIKAN, "NAME_MISMATCH").values()
    assert [(m.list_name, m.student_name) for m in links.mismatches] == [("李磊", "李雷")]  # type: ignore[attr-defined]
    assert links_of(Scope.of_county("440803"), "NAME_MISMATCH") == {}


def test_the_links_of_a_page_take_the_same_queries_for_two_findings_as_for_eight():
    def shared_pair(n: int) -> None:
        account = f"62170000000001{n:05d}"
        for m in range(2):
            enrol(new_id(), A, "PRIMARY", 3, name=f"学生{n}-{m}", account_no=account,
                  payee_name=f"户主{n}-{m}")  # fmt: skip
        twice = new_id()
        enrol(twice, A, "PRIMARY", 3, name=f"重籍{n}", account_no=f"62170000000002{n:05d}")
        enrol(twice, A2, "PRIMARY", 3, name=f"重籍{n}", account_no=f"62170000000002{n:05d}")

    def queries() -> int:
        page = finding_rows(scope=CHIKAN, term="2019-2")
        with CaptureQueriesContext(connection) as captured:
            finding_links(scope=CHIKAN, term="2019-2", findings=page.rows)
        return len(captured.captured_queries)

    shared_pair(1)
    run()
    few = queries()
    for n in range(2, 5):
        shared_pair(n)
    run()
    assert finding_rows(scope=CHIKAN, term="2019-2").total == 12
    assert queries() == few

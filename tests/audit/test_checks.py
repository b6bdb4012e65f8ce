"""Each audit check: a case that must be found and a near miss that must not."""

import datetime as dt

import pytest

from tests.aid.scenario import assess, civil, department_list, enrol, jdlk, new_id, school
from zizhu.aid.services import approve, entitle, entitlement_exclude, publicity_record
from zizhu.audit.services import AuditResult, audit
from zizhu.core.scope import Scope
from zizhu.registry.models import Enrolment, SchoolFee

pytestmark = pytest.mark.django_db

PRIMARY, OTHER_PRIMARY, JUNIOR, SENIOR = "4408020001", "4408030002", "4408020003", "4408020004"
APPROVAL_DAY = dt.date(2019, 9, 30)


@pytest.fixture(autouse=True)
def schools() -> None:
    school(PRIMARY, "PRIMARY;JUNIOR")
    school(OTHER_PRIMARY, "PRIMARY", county="440803")
    school(JUNIOR, "JUNIOR")
    school(SENIOR, "SENIOR", fee="1250")


def approved_city() -> None:
    entitle(term="2019-2", actor="test", scope=Scope.city())
    for county in ("440802", "440803"):
        publicity_record(
            scope=Scope.of_county(county), actor="c", term="2019-2",
            start_date=dt.date(2019, 9, 2), today=dt.date(2019, 9, 2),
        )  # fmt: skip
    approve(
        scope=Scope.city(), actor="county", term="2019-2", today=APPROVAL_DAY,
        with_unconfirmed=True,
    )  # fmt: skip


def found(result: AuditResult, check: str) -> set[tuple[str, str | None]]:
    return {(f.id_number, f.program) for f in result.findings if f.check == check}


def run() -> AuditResult:
    return audit(scope=Scope.city(), term="2019-2", actor="auditor")


def test_dup_enrollment_is_found_but_not_a_transfer():
    twice, moved = new_id(), new_id()
    enrol(twice, PRIMARY, "PRIMARY", 3)
    enrol(twice, OTHER_PRIMARY, "PRIMARY", 3)
    enrol(moved, PRIMARY, "PRIMARY", 3, status="TRANSFERRED")
    enrol(moved, OTHER_PRIMARY, "PRIMARY", 3)
    result = run()
    assert found(result, "DUP_ENROLLMENT") == {(twice, None)}
    detail = next(f.detail for f in result.findings if f.check == "DUP_ENROLLMENT")
    assert detail == f"同一学期在2所学校在读：{PRIMARY}、{OTHER_PRIMARY}"


def test_three_siblings_on_one_account_are_fine_six_unrelated_students_are_not():
    family = "6217000000000011111"
    for _ in range(3):
        enrol(new_id(), PRIMARY, "PRIMARY", 2, account_no=family, payee_name="张父")
    shared = "6217000000000099999"
    strangers = [new_id() for _ in range(6)]
    for n, person in enumerate(strangers):
        enrol(person, JUNIOR, "JUNIOR", 1, account_no=shared, payee_name=f"户主{n}")
    assert found(run(), "SHARED_ACCOUNT") == {(p, None) for p in strangers}


def test_a_seventeen_year_old_in_junior_school_is_fine_a_twenty_five_year_old_is_not():
    seventeen, twenty_five = new_id("20020301"), new_id("19940101")
    enrol(seventeen, JUNIOR, "JUNIOR", 3)
    enrol(twenty_five, JUNIOR, "JUNIOR", 3)
    result = run()
    assert found(result, "AGE_ANOMALY") == {(twenty_five, None)}
    assert "25岁，就读初中（应为10–18岁）" in {f.detail for f in result.findings}


def test_an_excluded_student_is_not_missed_one_added_to_the_roster_after_approval_is():
    approved, excluded, later = new_id(), new_id(), new_id()
    enrol(approved, PRIMARY, "PRIMARY", 3)
    enrol(excluded, PRIMARY, "PRIMARY", 4)
    department_list("JDLK", [jdlk(approved), jdlk(excluded), jdlk(later)], year=2019)
    entitle(term="2019-2", actor="test", scope=Scope.city())
    for entitlement_id in _ids(excluded):
        entitlement_exclude(
            scope=Scope.of_school(PRIMARY, county="440802"),
            actor="school",
            entitlement_id=entitlement_id,
            reason="已享受其他资助",
        )
    approved_city()
    assert not found(run(), "MISSED")
    enrol(later, PRIMARY, "PRIMARY", 5)  # joins the roster after approval
    assert found(run(), "MISSED") == {(later, "JDLK_LIVING"), (later, "NONBOARDING")}


def _ids(id_number: str) -> list[int]:
    from zizhu.aid.models import Entitlement

    return list(
        Entitlement.objects.filter(person__id_number=id_number).values_list("pk", flat=True)
    )


def test_a_newer_civil_list_ending_the_only_category_makes_an_approved_entitlement_ineligible():
    ended, kept = new_id(), new_id()
    enrol(ended, PRIMARY, "PRIMARY", 3)
    enrol(kept, PRIMARY, "PRIMARY", 4)
    department_list("CIVIL", [civil(ended, "RURAL_DIBAO", dt.date(2019, 1, 1)),
                              civil(kept, "RURAL_DIBAO", dt.date(2019, 1, 1))])  # fmt: skip
    approved_city()
    department_list(
        "CIVIL",
        [civil(ended, "RURAL_DIBAO", dt.date(2019, 1, 1), dt.date(2019, 8, 31)),
         civil(kept, "RURAL_DIBAO", dt.date(2019, 1, 1))],
    )  # fmt: skip
    assert found(run(), "INELIGIBLE") == {(ended, "NONBOARDING")}


def test_a_school_fee_changed_after_approval_is_an_amount_mismatch():
    waived, other = new_id(), new_id()
    enrol(waived, SENIOR, "SENIOR", 1)
    department_list("JDLK", [jdlk(waived)], year=2019)
    approved_city()
    assert not found(run(), "AMOUNT_MISMATCH")
    SchoolFee.objects.filter(school_id=SENIOR).update(fee_fen=130000)
    result = run()
    assert found(result, "AMOUNT_MISMATCH") == {(waived, "SEN_TUITION")}
    assert "已审批 1250.00 元，现行标准 1300.00 元" in next(
        f.detail for f in result.findings if f.check == "AMOUNT_MISMATCH"
    )
    del other


def test_an_approved_student_who_left_the_roster_is_not_enrolled():
    left, stays = new_id(), new_id()
    enrol(left, PRIMARY, "PRIMARY", 3)
    enrol(stays, PRIMARY, "PRIMARY", 4)
    department_list("JDLK", [jdlk(left), jdlk(stays)], year=2019)
    approved_city()
    Enrolment.objects.filter(person__id_number=left).update(status="DROPPED")
    result = run()
    assert found(result, "NOT_ENROLLED") == {(left, "JDLK_LIVING"), (left, "NONBOARDING")}
    assert "名单已审批，但学生本学期退学" in {f.detail for f in result.findings}


def test_a_name_mismatch_and_a_category_conflict_are_found():
    renamed, conflicted, plain = new_id(), new_id(), new_id()
    enrol(renamed, PRIMARY, "PRIMARY", 3, name="李雷")
    assess(enrol(conflicted, SENIOR, "SENIOR", 1), "NONE")
    assess(enrol(plain, SENIOR, "SENIOR", 2), "NONE")
    department_list("JDLK", [jdlk(renamed, name="李磊"), jdlk(conflicted)], year=2019)
    result = run()
    assert found(result, "NAME_MISMATCH") == {(renamed, None)}
    assert found(result, "CATEGORY_CONFLICT") == {(conflicted, None)}


def test_a_student_without_id_with_an_approved_entitlement_is_no_id():
    kid = enrol(None, SENIOR, "SENIOR", 2, student_no="J440802200401010012")
    assess(kid, "HARDSHIP")
    unapproved = enrol(None, SENIOR, "SENIOR", 1, student_no="J440802200402020024")
    assert found(run(), "NO_ID") == set()
    approved_city()
    assess(unapproved, "HARDSHIP")
    assert found(run(), "NO_ID") == {("J440802200401010012", None)}


def test_boarding_and_nonboarding_both_approved_is_an_exclusive_conflict():
    both = new_id()
    enrol(both, PRIMARY, "PRIMARY", 3, boarding=True)
    department_list("JDLK", [jdlk(both)], year=2019)
    approved_city()
    assert not found(run(), "EXCLUSIVE_CONFLICT")
    # A second school's roster makes the student a non-boarder too; both get approved.
    Enrolment.objects.create(
        **{f: getattr(Enrolment.objects.get(person__id_number=both), f) for f in (
            "term_id", "person_id", "admin_county_id", "name", "stage", "grade", "hukou_code",
            "hukou_rural", "status", "event_id", "account_no", "payee_name")},
        school_id=JUNIOR, boarding=False,
    )  # fmt: skip
    from zizhu.aid.models import Entitlement

    source = Entitlement.objects.get(person__id_number=both, program="BOARDING")
    source.pk, source.program, source.amount_fen = None, "NONBOARDING", 25000
    source.save()
    assert found(run(), "EXCLUSIVE_CONFLICT") == {(both, "NONBOARDING")}

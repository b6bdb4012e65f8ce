"""Every program's rule at its edges (policy-2019.md), through the real `entitle`."""

import datetime as dt

import pytest

from tests.aid.scenario import assess, civil, department_list, enrol, jdlk, new_id, school
from zizhu.aid.models import Entitlement
from zizhu.aid.services import entitle
from zizhu.core.scope import Scope
from zizhu.hardship.models import NameMismatch, StudentHardship

pytestmark = pytest.mark.django_db

PRIMARY, JUNIOR, SENIOR, PRIVATE_SENIOR, VOC, KINDER, UNI = (
    "4408020001", "4408020002", "4408020003", "4408020004", "4408020005", "4408020006",
    "4401060007",
)  # fmt: skip


@pytest.fixture(autouse=True)
def schools() -> None:
    school(PRIMARY, "PRIMARY")
    school(JUNIOR, "JUNIOR")
    school(SENIOR, "SENIOR", fee="1250")
    school(PRIVATE_SENIOR, "SENIOR", ownership="PRIVATE", fee="3000")
    school(VOC, "VOCATIONAL")
    school(KINDER, "PRESCHOOL")
    school(UNI, "HIGHER", county="440106")


def amounts(term: str = "2019-2") -> dict[tuple[str, str], int]:
    """(ID number or 学籍号, program) -> amount in fen, for entitlements that can be approved."""
    entitle(term=term, actor="test", scope=Scope.city())
    rows = Entitlement.objects.filter(term_id=term).exclude(status="HELD").select_related("person")
    return {(e.person.id_number or e.person.student_no, e.program): e.amount_fen for e in rows}


def test_jdlk_pays_1500_up_to_vocational_and_2500_at_university():
    pupil, student = new_id(), new_id("20000101")
    enrol(pupil, PRIMARY, "PRIMARY", 3)
    enrol(student, UNI, "HIGHER", 2, hukou_code="440802")
    department_list("JDLK", [jdlk(pupil), jdlk(student)], year=2019)
    got = amounts()
    assert got[(pupil, "JDLK_LIVING")] == 150000
    assert got[(student, "JDLK_LIVING")] == 250000


def test_jdlk_lifted_without_policy_gets_nothing():
    lifted, with_policy = new_id(), new_id()
    enrol(lifted, PRIMARY, "PRIMARY", 3)
    enrol(with_policy, PRIMARY, "PRIMARY", 4)
    department_list(
        "JDLK",
        [jdlk(lifted, status="LIFTED_NO_POLICY"), jdlk(with_policy, status="LIFTED_WITH_POLICY")],
        year=2019,
    )
    got = amounts()
    assert (lifted, "JDLK_LIVING") not in got
    assert (with_policy, "JDLK_LIVING") in got


def test_a_non_zhanjiang_hukou_gets_no_jdlk_subsidy():
    outsider = new_id(region="440106")
    enrol(outsider, PRIMARY, "PRIMARY", 3, hukou_code="440106")
    department_list("JDLK", [jdlk(outsider)], year=2019)
    got = amounts()
    assert (outsider, "JDLK_LIVING") not in got
    # The category still makes the student 特别困难 for the other programs.
    assert StudentHardship.objects.get(person__id_number=outsider).level == "SPECIAL"


def test_the_jdlk_list_in_force_is_the_newest_of_the_latest_year_up_to_the_term():
    kid = new_id()
    enrol(kid, PRIMARY, "PRIMARY", 3)
    department_list("JDLK", [jdlk(kid)], year=2018)
    department_list("JDLK", [], year=2020)  # a later year's list is not yet in force
    assert (kid, "JDLK_LIVING") in amounts()
    department_list("JDLK", [jdlk(kid, status="LIFTED_NO_POLICY")], year=2019)
    assert (kid, "JDLK_LIVING") not in amounts()


def test_vocational_third_year_gets_no_grant():
    first, third, plain = new_id(), new_id(), new_id()
    enrol(first, VOC, "VOCATIONAL", 1, agri_major=True)
    enrol(third, VOC, "VOCATIONAL", 3, agri_major=True)
    enrol(plain, VOC, "VOCATIONAL", 2)
    got = amounts()
    assert got[(first, "VOC_GRANT")] == 100000
    assert (third, "VOC_GRANT") not in got
    assert (plain, "VOC_GRANT") not in got  # neither 涉农 nor in hardship


def test_a_vocational_student_in_hardship_gets_the_grant_without_an_agricultural_major():
    poor = new_id()
    assess(enrol(poor, VOC, "VOCATIONAL", 2), "GENERAL")
    assert amounts()[(poor, "VOC_GRANT")] == 100000


def test_a_private_schools_tuition_waiver_is_capped_at_the_countys_public_fee():
    public, private = new_id(), new_id()
    enrol(public, SENIOR, "SENIOR", 1)
    enrol(private, PRIVATE_SENIOR, "SENIOR", 1)
    disabled = [{"id_number": p, "name": "学生", "category": "2"} for p in (public, private)]
    department_list("DISABILITY", disabled)
    got = amounts()
    assert got[(public, "SEN_TUITION")] == 125000
    assert got[(private, "SEN_TUITION")] == 125000  # its own fee is 3000


def test_dibao_ended_before_the_reference_date_does_not_count_nor_one_starting_after():
    ended, later, current = new_id(), new_id(), new_id()
    for person in (ended, later, current):
        enrol(person, PRIMARY, "PRIMARY", 2)
    department_list(
        "CIVIL",
        [
            civil(ended, "RURAL_DIBAO", dt.date(2018, 1, 1), dt.date(2019, 8, 31)),
            civil(later, "RURAL_DIBAO", dt.date(2019, 9, 2)),
            civil(current, "RURAL_DIBAO", dt.date(2019, 1, 1), dt.date(2019, 9, 1)),
        ],
    )
    got = amounts()
    assert (ended, "NONBOARDING") not in got
    assert (later, "NONBOARDING") not in got
    assert got[(current, "NONBOARDING")] == 25000


def test_nonboarding_amounts_differ_between_spring_and_autumn():
    pupil, junior = new_id(), new_id()
    for term in ("2019-1", "2019-2"):
        enrol(pupil, PRIMARY, "PRIMARY", 3, term=term)
        enrol(junior, JUNIOR, "JUNIOR", 2, term=term)
    department_list("JDLK", [jdlk(pupil), jdlk(junior)], year=2019)
    spring, autumn = amounts("2019-1"), amounts("2019-2")
    assert (spring[(pupil, "NONBOARDING")], autumn[(pupil, "NONBOARDING")]) == (12500, 25000)
    assert (spring[(junior, "NONBOARDING")], autumn[(junior, "NONBOARDING")]) == (18750, 31250)


def test_nonboarding_needs_a_rural_hukou_and_boarding_goes_to_the_other_program():
    urban, unknown, boarder = new_id(), new_id(), new_id()
    enrol(urban, PRIMARY, "PRIMARY", 3, hukou_rural=False)
    enrol(unknown, PRIMARY, "PRIMARY", 3, hukou_rural=None)
    enrol(boarder, JUNIOR, "JUNIOR", 1, boarding=True)
    department_list("JDLK", [jdlk(urban), jdlk(unknown), jdlk(boarder)], year=2019)
    got = amounts()
    assert (urban, "NONBOARDING") not in got
    assert (unknown, "NONBOARDING") not in got  # 户口性质 left empty is not 农业
    assert got[(boarder, "BOARDING")] == 62500
    assert (boarder, "NONBOARDING") not in got


def test_a_student_without_an_id_gets_aid_through_the_schools_assessment_alone():
    kid = enrol(None, KINDER, "PRESCHOOL", 2, student_no="J440802201501010013")
    assess(kid, "HARDSHIP")
    assert amounts()[("J440802201501010013", "PRE_AID")] == 50000


def test_a_school_saying_not_in_hardship_loses_to_a_category_and_is_flagged():
    kid = new_id()
    assess(enrol(kid, SENIOR, "SENIOR", 2), "NONE")
    department_list("CIVIL", [civil(kid, "ORPHAN", dt.date(2010, 1, 1))])
    got = amounts()
    assert got[(kid, "SEN_GRANT")] == 100000
    hardship = StudentHardship.objects.get(person__id_number=kid)
    assert (hardship.level, hardship.conflict) == ("SPECIAL", True)


def test_a_list_record_whose_name_differs_gives_no_category_until_confirmed():
    from zizhu.hardship.services import name_mismatch_confirm

    kid = new_id()
    enrol(kid, PRIMARY, "PRIMARY", 3, name="王小明")
    department_list("JDLK", [jdlk(kid, name="王晓明")], year=2019)
    assert (kid, "JDLK_LIVING") not in amounts()
    mismatch = NameMismatch.objects.get()
    assert (mismatch.list_name, mismatch.student_name) == ("王晓明", "王小明")
    name_mismatch_confirm(
        scope=Scope.city(), actor="county", mismatch_id=mismatch.pk, note="户籍核实"
    )
    assert (kid, "JDLK_LIVING") in amounts()
    assert not NameMismatch.objects.exists()


def test_the_higher_of_two_schools_assessments_counts():
    kid = new_id()
    assess(enrol(kid, PRIMARY, "PRIMARY", 3, boarding=True), "GENERAL")
    assess(enrol(kid, JUNIOR, "JUNIOR", 1, status="TRANSFERRED"), "SPECIAL")
    entitle(term="2019-2", actor="test", scope=Scope.city())
    # The 转出 school's assessment does not count: the student is not 在读 there.
    assert StudentHardship.objects.get(person__id_number=kid).level == "GENERAL"

from pathlib import Path

import pytest

from tests.ids import break_check, make_id
from tests.refusals import refused
from tests.registry.roster import (
    PRIMARY,
    SENIOR,
    UNIVERSITY,
    VOCATIONAL,
    make_schools,
    roster_file,
    student,
)
from tests.setup_events import events_besides_setup
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import Enrolment, Person, RosterChange

CITY = Scope.city()

pytestmark = pytest.mark.django_db

A, B, C, D = (make_id(seq=s) for s in (11, 22, 33, 44))


@pytest.fixture(autouse=True)
def schools() -> None:
    make_schools()


def run(path: Path, errors_dir: Path, term: str | None = None):  # type: ignore[no-untyped-def]
    return import_run(
        kind="students", scope=CITY, path=path, actor="test", term=term, errors_dir=errors_dir
    )


def test_it_imports_a_roster_with_people_and_payee_accounts(tmp_path: Path, errors_dir: Path):
    path = roster_file(
        tmp_path / "roster.xlsx",
        student(A, "张三", boarding="是"),
        student(B, "李四", school=SENIOR, stage="普通高中", grade="一年级", hukou="440803"),
        student(C, "王五", school=VOCATIONAL, stage="技工学校", grade="2", major="果蔬种植",
                agri="是", hukou="440823", nature="城镇"),
        student(None, "赵六", student_no="J440802200801010012"),
        title_rows=["湛江市2019年秋季学期学生名册", "填报单位：各县区教育局"],
    )  # fmt: skip
    result = run(path, errors_dir, term="2019-2")
    assert (result.rows, result.accepted, result.rejected, result.unchanged) == (4, 4, 0, 0)
    assert Person.objects.count() == 4
    zhang = Enrolment.objects.get(person__id_number=A)
    assert (zhang.term_id, zhang.school_id, zhang.admin_county_id) == ("2019-2", PRIMARY, "440802")
    assert (zhang.stage, zhang.grade, zhang.boarding, zhang.hukou_rural) == (
        "PRIMARY",
        3,
        True,
        True,
    )
    assert zhang.account_no == "6217000000000000001"
    wang = Enrolment.objects.get(person__id_number=C)
    assert (wang.stage, wang.agri_major, wang.hukou_rural) == ("VOCATIONAL", True, False)
    zhao = Person.objects.get(student_no="J440802200801010012")
    assert zhao.id_number is None
    event = Event.objects.get(action="import.students")
    assert event.counts["accepted"] == 4
    assert Enrolment.objects.filter(event=event).count() == 4


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, errors_dir: Path):
    path = roster_file(
        tmp_path / "roster.csv", student(A), student(B, "李四"), student(break_check(C), "坏")
    )
    first = run(path, errors_dir)
    second = run(path, errors_dir)
    assert (first.accepted, first.unchanged, first.rejected) == (2, 0, 1)
    assert (second.accepted, second.unchanged, second.rejected) == (0, 2, 1)
    assert RosterChange.objects.count() == 0
    assert first.errors == second.errors


def test_a_new_roster_replaces_the_schools_roster_and_records_who_joined_left_and_changed(
    tmp_path: Path, errors_dir: Path
):
    run(
        roster_file(tmp_path / "v1.csv", student(A), student(B, "李四"), student(C, "王五")),
        errors_dir,
    )
    v2 = roster_file(
        tmp_path / "v2.csv",
        student(A),
        student(B, "李四", account="6217000000000000999"),
        student(D, "孙七"),
    )
    result = run(v2, errors_dir)
    assert (result.accepted, result.unchanged) == (2, 1)
    assert not Enrolment.objects.get(person__id_number=C).on_roster
    changes = {(c.kind, c.enrolment.person.id_number): c for c in RosterChange.objects.all()}
    assert set(changes) == {("CHANGED", B), ("JOINED", D), ("LEFT", C)}
    account = changes[("CHANGED", B)]
    assert (account.old_account, account.new_account) == (
        "6217000000000000001",
        "6217000000000000999",
    )
    assert account.fields == "account_no,"
    # The student who left is back in the next roster: a change, not a new enrolment.
    run(
        roster_file(tmp_path / "v3.csv", student(A), student(B, "李四"), student(C, "王五")),
        errors_dir,
    )
    assert Enrolment.objects.filter(person__id_number=C).count() == 1
    assert Enrolment.objects.get(person__id_number=C).on_roster


def test_schools_absent_from_the_file_are_untouched(tmp_path: Path, errors_dir: Path):
    run(
        roster_file(
            tmp_path / "a.csv",
            student(A),
            student(B, "李四", school=SENIOR, stage="普通高中", grade="1", hukou="440803"),
        ),
        errors_dir,
    )
    run(roster_file(tmp_path / "b.csv", student(C, "王五")), errors_dir)
    assert Enrolment.objects.get(person__id_number=B).on_roster
    assert not Enrolment.objects.get(person__id_number=A).on_roster


def test_a_county_file_of_higher_education_students_replaces_only_its_own(
    tmp_path: Path, errors_dir: Path
):
    def uni(id_number: str, name: str, hukou: str) -> list[object]:
        return student(id_number, name, school=UNIVERSITY, stage="高校", grade="2", hukou=hukou)

    run(
        roster_file(tmp_path / "chikan.csv", uni(A, "甲", "440802"), uni(B, "乙", "440802")),
        errors_dir,
    )
    run(roster_file(tmp_path / "xiashan.csv", uni(C, "丙", "440803")), errors_dir)
    assert Enrolment.objects.get(person__id_number=C).admin_county_id == "440803"
    result = run(roster_file(tmp_path / "chikan2.csv", uni(A, "甲", "440802")), errors_dir)
    assert (result.accepted, result.unchanged) == (0, 1)
    on_roster = set(
        Enrolment.objects.filter(on_roster=True).values_list("person__id_number", flat=True)
    )
    assert on_roster == {A, C}


def test_a_higher_education_student_must_have_a_city_hukou(tmp_path: Path, errors_dir: Path):
    row = student(A, school=UNIVERSITY, stage="高校", grade="1", hukou="110108")
    result = run(roster_file(tmp_path / "r.csv", row), errors_dir)
    assert "户籍地代码应为本市的区县" in result.errors[0].reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (student(A, school="4408029999"), "不是已知学校"),
        (student(A, stage="普通高中", grade="1"), "学段不是该校开设的学段"),
        (student(break_check(A)), "身份证件号校验位错误"),
        (student(make_id(birth="19900230")), "出生日期不存在"),
        (student(make_id(birth="20990101")), "出生日期晚于今天"),
        (student("440802200101011000"), "Excel"),
        (student("440802050101123"), "15位旧号码"),
        (student(A, sex="女"), "性别与身份证件号不符"),
        (student(A, student_no="X12345"), "学籍号格式错误"),
        (student(None, student_no=f"G{A}"), "身份证件号不能为空"),
        (student(A, grade="7"), "年级与学段不符"),
        (student(A, grade="小班"), "年级与学段不符"),
        (student(A, boarding="也许"), "是否寄宿应为"),
        (student(A, hukou="12345"), "户籍地代码应为6位数字"),
        (student(A, nature="外籍"), "户口性质应为"),
        (student(A, status="在校"), "在校状态应为"),
        (student(A, major="数控"), "专业只适用于中职"),
        (student(A, account="12345"), "收款账号应为12至19位数字"),
        (student(A, payee=None), "没有收款人姓名"),
        (student(A, payee_id=break_check(B)), "收款人身份证号校验位错误"),
    ],
)
def test_it_rejects_a_bad_row_with_a_chinese_reason(
    tmp_path: Path, errors_dir: Path, row: list[object], reason: str
):
    result = run(roster_file(tmp_path / "r.csv", row, student(C, "王五")), errors_dir)
    assert (result.accepted, result.rejected) == (1, 1)
    assert result.errors[0].row == 2
    assert reason in result.errors[0].reason
    assert not Enrolment.objects.exclude(person__id_number=C).exists()


def test_the_same_student_twice_in_one_schools_roster_rejects_the_later_row(
    tmp_path: Path, errors_dir: Path
):
    result = run(
        roster_file(tmp_path / "r.csv", student(A), student(A, class_name="5班")), errors_dir
    )
    assert (result.accepted, result.rejected) == (1, 1)
    assert result.errors[0].row == 3
    assert "重复" in result.errors[0].reason
    assert Enrolment.objects.get().class_name == "3班"


def test_one_person_at_two_schools_is_two_enrolments(tmp_path: Path, errors_dir: Path):
    row_b = student(A, school=SENIOR, stage="普通高中", grade="1", hukou="440803")
    result = run(roster_file(tmp_path / "r.csv", student(A), row_b), errors_dir)
    assert result.accepted == 2
    assert Person.objects.count() == 1
    assert Enrolment.objects.count() == 2


def test_full_width_digits_spaces_and_a_lowercase_x_are_cleaned(tmp_path: Path, errors_dir: Path):
    x_id = next(make_id(seq=s) for s in range(100, 999) if make_id(seq=s).endswith("X"))
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in A)
    rows = [
        student(f"\u00a0{wide} ", student_no=None),
        student(x_id.lower(), "李四", student_no=None),
    ]
    result = run(roster_file(tmp_path / "r.csv", *rows), errors_dir)
    assert result.accepted == 2, result.errors
    assert set(Person.objects.values_list("id_number", flat=True)) == {A, x_id}


@pytest.mark.parametrize("suffix", [".xls", ".csv"])
def test_it_reads_xls_and_gb18030_csv(tmp_path: Path, errors_dir: Path, suffix: str):
    kwargs = {"encoding": "gb18030"} if suffix == ".csv" else {}
    path = roster_file(tmp_path / f"r{suffix}", student(A, "欧阳娜娜"), **kwargs)
    result = run(path, errors_dir)
    assert result.accepted == 1
    assert Enrolment.objects.get().name == "欧阳娜娜"


def test_a_file_with_an_unknown_term_is_refused(tmp_path: Path, errors_dir: Path):
    with refused(Code.TERM_UNKNOWN):
        run(roster_file(tmp_path / "r.csv", student(A, term="2031-1")), errors_dir)
    assert events_besides_setup() == 0


def test_a_file_with_two_terms_is_refused(tmp_path: Path, errors_dir: Path):
    path = roster_file(tmp_path / "r.csv", student(A), student(B, term="2019-1"))
    with refused(Code.FILE_TERM):
        run(path, errors_dir)
    assert not Enrolment.objects.exists()


def test_a_term_on_the_command_line_must_match_the_file(tmp_path: Path, errors_dir: Path):
    with refused(Code.FILE_TERM):
        run(roster_file(tmp_path / "r.csv", student(A)), errors_dir, term="2019-1")
    assert not Person.objects.exists()

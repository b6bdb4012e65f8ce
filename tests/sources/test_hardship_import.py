from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.ids import make_id
from tests.refusals import refused
from tests.setup_events import events_besides_setup
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import Enrolment, Person, School
from zizhu.sources.models import HardshipAssessment

CITY = Scope.city()

pytestmark = pytest.mark.django_db

HEADER = ["学期", "学校标识码", "学籍号", "姓名", "身份证件号", "困难等级", "认定依据"]
SCHOOL = "4408020001"
OTHER_SCHOOL = "4408030002"
ANNA = make_id("440802", "20080101", 122)
BAO = make_id("440802", "20090202", 133)
CHEN = make_id("440803", "20070303", 144)
NO_ID = "J440802201001011234"


def enrol(school: str, name: str, *, id_number: str | None = None, student_no: str | None = None,
          term: str = "2019-2", on_roster: bool = True) -> Person:  # fmt: skip
    if not School.objects.filter(code=school).exists():
        School.objects.create(
            code=school, name=f"学校{school}", county_code=school[:6], stages="PRIMARY",
            ownership="PUBLIC",
        )  # fmt: skip
    event = Event.objects.create(actor="test", action="test.roster")
    person, _ = Person.objects.get_or_create(
        id_number=id_number, student_no=student_no, defaults={"name": name}
    )
    Enrolment.objects.create(
        term_id=term, school_id=school, person=person, admin_county_id=school[:6],
        on_roster=on_roster, name=name, stage="PRIMARY", grade=3, hukou_code="440802",
        event=event,
    )  # fmt: skip
    return person


@pytest.fixture
def roster() -> None:
    enrol(SCHOOL, "安娜", id_number=ANNA)
    enrol(SCHOOL, "包宝", id_number=BAO)
    enrol(SCHOOL, "无证", student_no=NO_ID)
    enrol(OTHER_SCHOOL, "陈晨", id_number=CHEN)


def row(name: str, id_number: str | None, level: str = "困难", *, school: str = SCHOOL,
        term: str = "2019年秋季学期", student_no: str | None = None,
        basis: str | None = "低收入") -> list[str | None]:  # fmt: skip
    return [term, school, student_no, name, id_number, level, basis]


def sheet(tmp_path: Path, *rows: list[str | None], name: str = "rd.xlsx") -> Path:
    return write_sheet(tmp_path / name, [HEADER, *rows], sheet="家庭经济困难学生认定")


def levels(school: str = SCHOOL) -> dict[str, str]:
    found = HardshipAssessment.objects.filter(term_id="2019-2", school_id=school)
    return {a.person.name: a.level for a in found.select_related("person")}


@pytest.mark.usefixtures("roster")
def test_it_imports_a_schools_hardship_levels(tmp_path: Path, errors_dir: Path) -> None:
    path = sheet(
        tmp_path,
        row("安娜", ANNA, "特别困难"),
        row("包宝", BAO, "不困难", basis=None),
        row("陈晨", CHEN, "一般困难", school=OTHER_SCHOOL),
    )
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (result.rows, result.accepted, result.unchanged, result.rejected) == (3, 3, 0, 0)
    assert levels() == {"安娜": "SPECIAL", "包宝": "NONE"}
    assert levels(OTHER_SCHOOL) == {"陈晨": "GENERAL"}
    anna = HardshipAssessment.objects.get(person__id_number=ANNA)
    event = Event.objects.get(action="import.hardship")
    assert (anna.basis, anna.row_no, anna.event_id) == ("低收入", 2, event.pk)
    assert event.detail["term"] == "2019-2"


@pytest.mark.usefixtures("roster")
def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, errors_dir: Path) -> None:
    path = sheet(tmp_path, row("安娜", ANNA), row("外人", make_id(seq=155)))
    first = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    second = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (first.accepted, first.unchanged, first.rejected) == (1, 0, 1)
    assert (second.accepted, second.unchanged, second.rejected) == (0, 1, 1)
    assert HardshipAssessment.objects.get().event.counts["accepted"] == 1


@pytest.mark.usefixtures("roster")
def test_a_reimport_replaces_the_schools_assessments_for_the_term(
    tmp_path: Path, errors_dir: Path
) -> None:
    first = sheet(
        tmp_path,
        row("安娜", ANNA, "特别困难"),
        row("包宝", BAO, "困难"),
        row("陈晨", CHEN, "困难", school=OTHER_SCHOOL),
        name="a.csv",
    )
    import_run(kind="hardship", scope=CITY, path=first, actor="test", errors_dir=errors_dir)
    # The school's new file: 安娜 now 一般困难, 包宝 left out. The other school is not in it.
    second = sheet(tmp_path, row("安娜", ANNA, "一般困难"), name="b.csv")
    result = import_run(
        kind="hardship", scope=CITY, path=second, actor="test", errors_dir=errors_dir
    )
    assert (result.accepted, result.unchanged) == (1, 0)
    assert levels() == {"安娜": "GENERAL"}
    assert levels(OTHER_SCHOOL) == {"陈晨": "HARDSHIP"}
    event = Event.objects.filter(action="import.hardship").latest("id")
    assert event.counts["removed"] == 1
    assert [r["level"] for r in event.detail["removed"]] == ["HARDSHIP"]


@pytest.mark.usefixtures("roster")
def test_a_changed_basis_is_accepted_and_the_same_basis_unchanged(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = sheet(tmp_path, row("安娜", ANNA), row("包宝", BAO))
    import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    changed = sheet(tmp_path, row("安娜", ANNA), row("包宝", BAO, basis="孤儿"), name="b.csv")
    result = import_run(
        kind="hardship", scope=CITY, path=changed, actor="test", errors_dir=errors_dir
    )
    assert (result.accepted, result.unchanged) == (1, 1)
    assert HardshipAssessment.objects.get(person__id_number=BAO).basis == "孤儿"


@pytest.mark.usefixtures("roster")
def test_a_student_without_an_id_number_is_found_by_a_j_student_number(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = sheet(
        tmp_path,
        row("无证", None, "困难", student_no=NO_ID),
        row("某某", None, student_no="G" + ANNA),
        row("某某", None),
    )
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert result.accepted == 1
    assert levels() == {"无证": "HARDSHIP"}
    assert [e.reason for e in result.errors] == [
        "身份证件号不能为空（只有学籍号以 J 或 L 开头的学生可以不填）",
        "身份证件号不能为空",
    ]


@pytest.mark.usefixtures("roster")
def test_a_student_not_on_the_schools_roster_for_the_term_is_rejected(
    tmp_path: Path, errors_dir: Path
) -> None:
    enrol(SCHOOL, "旧生", id_number=make_id(seq=177), term="2019-1")
    enrol(SCHOOL, "离校", id_number=make_id(seq=199), on_roster=False)
    path = sheet(
        tmp_path,
        row("陈晨", CHEN),  # on another school's roster
        row("旧生", make_id(seq=177)),  # on the roster of another term
        row("离校", make_id(seq=199)),  # left the roster
        row("路人", make_id(seq=211)),  # no such person
        row("安妮", ANNA),  # the roster says 安娜
        row("安娜", ANNA, school="4408990009"),  # no such school
    )
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert [e.reason for e in result.errors] == [
        "该学生不在本校本学期的学生名册中",
        "该学生不在本校本学期的学生名册中",
        "该学生不在本校本学期的学生名册中",
        "该学生不在本校本学期的学生名册中",
        "姓名与本校本学期学生名册中的姓名不一致",
        "学校标识码不是已知学校",
    ]
    assert result.errors_file is not None
    assert HardshipAssessment.objects.count() == 0


@pytest.mark.usefixtures("roster")
def test_the_same_student_twice_for_a_school_rejects_the_later_row(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = sheet(
        tmp_path,
        row("安娜", ANNA, "困难"),
        row("安娜", ANNA, "特别困难"),
        row("无证", None, student_no=NO_ID),
        row("无证", None, student_no=NO_ID),
    )
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert [(e.row, e.reason) for e in result.errors] == [
        (3, "与本文件前面的行重复（同一学生）"),
        (5, "与本文件前面的行重复（同一学生）"),
    ]
    assert levels() == {"安娜": "HARDSHIP", "无证": "HARDSHIP"}


@pytest.mark.parametrize(
    ("level", "reason"),
    [("很困难", "困难等级应为：特别困难、困难、一般困难、不困难"), (None, "困难等级不能为空")],
)
@pytest.mark.usefixtures("roster")
def test_a_bad_level_is_rejected(
    tmp_path: Path, errors_dir: Path, level: str | None, reason: str
) -> None:
    path = sheet(tmp_path, row("安娜", ANNA, level), row("包宝", BAO))
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert [e.reason for e in result.errors] == [reason]


@pytest.mark.usefixtures("roster")
def test_an_unknown_term_refuses_the_file(tmp_path: Path, errors_dir: Path) -> None:
    path = sheet(tmp_path, row("安娜", ANNA, term="2031年春季学期"))
    with refused(Code.TERM_UNKNOWN):
        import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert Event.objects.filter(action="import.hardship").count() == 0


@pytest.mark.usefixtures("roster")
def test_two_terms_in_one_file_refuse_the_file(tmp_path: Path, errors_dir: Path) -> None:
    path = sheet(tmp_path, row("安娜", ANNA, term="2019-1"), row("包宝", BAO, term="2019-2"))
    with refused(Code.FILE_TERM):
        import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert HardshipAssessment.objects.count() == 0


@pytest.mark.usefixtures("roster")
def test_a_term_asked_for_that_differs_from_the_files_refuses_it(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = sheet(tmp_path, row("安娜", ANNA))
    with refused(Code.FILE_TERM):
        import_run(
            kind="hardship",
            scope=CITY,
            path=path,
            actor="test",
            term="2019-1",
            errors_dir=errors_dir,
        )
    result = import_run(
        kind="hardship",
        scope=CITY,
        path=path,
        actor="test",
        term="2019年秋季学期",
        errors_dir=errors_dir,
    )
    assert result.accepted == 1


@pytest.mark.usefixtures("roster")
def test_a_row_with_a_malformed_term_is_rejected_not_the_file(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = sheet(tmp_path, row("安娜", ANNA), row("包宝", BAO, term="2019秋"))
    result = import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert result.accepted == 1
    assert [e.reason for e in result.errors] == ["学期格式错误（如 2019年秋季学期 或 2019-2）"]


def test_a_missing_required_column_refuses_the_file(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(tmp_path / "rd.csv", [HEADER[:5], row("安娜", ANNA)[:5]])
    with refused(Code.FILE_MISSING_COLUMN):
        import_run(kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert events_besides_setup() == 0

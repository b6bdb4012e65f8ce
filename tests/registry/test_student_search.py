"""The student search: by the beginning of a name, an ID number or a 学籍号, only inside the
searcher's jurisdiction, counted up to SEARCH_LIMIT."""

from pathlib import Path

import pytest

from tests.ids import make_id
from tests.registry.roster import PRIMARY, SENIOR, make_schools, roster_file, student
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.selectors import SEARCH_LIMIT, student_search

pytestmark = pytest.mark.django_db

LI_1, LI_2, WANG, ZHAO = (make_id(seq=s) for s in (11, 22, 33, 44))
HIGH_SCHOOL = make_id(region="440803", seq=55)
NO_ID = "J440802200801010012"


@pytest.fixture(autouse=True)
def roster(tmp_path: Path, errors_dir: Path) -> None:
    make_schools()
    path = roster_file(
        tmp_path / "roster.xlsx",
        student(LI_1, "李明"),
        student(LI_2, "李华"),
        student(WANG, "王李"),
        student(ZHAO, "Zhao Lin"),
        student(None, "赵六", student_no=NO_ID),
        student(HIGH_SCHOOL, "李强", school=SENIOR, stage="普通高中", grade="一年级",
                hukou="440803"),
    )  # fmt: skip
    import_run(
        kind="students", scope=CITY, path=path, actor="test", term="2019-2", errors_dir=errors_dir
    )


CITY = Scope.city()


def names(scope: Scope = CITY, *, query: str, id_prefix: bool = True) -> list[str]:
    found = student_search(scope=scope, query=query, id_prefix=id_prefix)
    return [row.name for row in found.rows]


def test_a_name_is_found_by_its_beginning_only():
    assert names(query="李") == ["李华", "李强", "李明"]
    assert names(query="李明") == ["李明"]
    assert names(query="明") == []


def test_a_name_in_latin_letters_is_matched_as_written():
    assert names(query="Zhao") == ["Zhao Lin"]


def test_an_id_number_is_found_by_its_beginning_whatever_the_case_of_x():
    assert names(query=LI_1) == ["李明"]
    assert names(query=LI_1[:17] + LI_1[17].lower()) == ["李明"]
    assert set(names(query="440802")) == {"李明", "李华", "王李", "Zhao Lin"}


def test_a_xuejihao_finds_the_student_with_or_without_an_id_number():
    assert names(query=f"G{WANG}") == ["王李"]
    assert names(query=NO_ID) == ["赵六"]
    assert names(query=NO_ID.lower()) == ["赵六"]


def test_a_search_stays_inside_the_searchers_jurisdiction():
    at_senior = Scope.of_school(SENIOR, county="440803")
    assert names(Scope.of_county("440802"), query="李") == ["李华", "李明"]
    assert names(at_senior, query="李") == ["李强"]
    assert names(at_senior, query=LI_1) == []
    assert names(Scope.of_county("440823"), query="李") == []


def test_one_who_sees_id_numbers_masked_finds_a_student_only_by_a_whole_id_number():
    # A prefix narrowed a digit at a time would unmask every ID number.
    assert names(query="440802", id_prefix=False) == []
    assert names(query=LI_1[:17], id_prefix=False) == []
    assert names(query=LI_1, id_prefix=False) == ["李明"]
    assert names(query=LI_1[:17] + LI_1[17].lower(), id_prefix=False) == ["李明"]
    assert names(query=f"G{WANG}", id_prefix=False) == ["王李"]
    assert names(query=NO_ID[:10], id_prefix=False) == []
    assert names(query=NO_ID, id_prefix=False) == ["赵六"]
    assert names(query="李", id_prefix=False) == ["李华", "李强", "李明"]  # names by beginning


def test_an_empty_query_lists_everyone_in_scope():
    at_primary = Scope.of_school(PRIMARY, county="440802")
    assert student_search(scope=at_primary, query="", id_prefix=True).total == 5
    assert student_search(scope=Scope.city(), query="", id_prefix=True).total == 6


def test_a_search_is_counted_up_to_the_limit_and_pages_stop_there(tmp_path, errors_dir):  # type: ignore[no-untyped-def]
    many = [
        student(make_id(birth=f"200601{1 + n // 900:02d}", seq=n % 900), f"陈{n}")
        for n in range(SEARCH_LIMIT + 5)
    ]
    path = roster_file(tmp_path / "many.xlsx", *many, sheet="学生名册")
    import_run(
        kind="students", scope=CITY, path=path, actor="test", term="2019-2", errors_dir=errors_dir
    )
    found = student_search(scope=Scope.city(), query="陈", id_prefix=True, limit=50)
    assert found.more and found.total == SEARCH_LIMIT + 1
    assert len(found.rows) == 50
    last = student_search(
        scope=Scope.city(), query="陈", id_prefix=True, offset=SEARCH_LIMIT - 10, limit=50
    )
    assert len(last.rows) == 10
    assert student_search(scope=Scope.city(), query="陈1", id_prefix=True, limit=50).more is False

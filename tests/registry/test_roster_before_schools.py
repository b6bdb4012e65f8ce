"""A roster sent before any school is registered (an officer's first upload in a new city):
every row is rejected with the reason that names what to load first, and nothing is written.
It used to stop inside polars on the empty school table's untyped columns."""

from pathlib import Path

import pytest

from tests.ids import make_id
from tests.registry.roster import roster_file, student
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import Enrolment, Person, School

pytestmark = pytest.mark.django_db


def test_a_roster_before_any_school_names_the_school_roster_to_load(
    tmp_path: Path, errors_dir: Path
):
    assert not School.objects.exists()
    path = roster_file(
        tmp_path / "roster.xlsx", student(make_id(seq=11), "张三"), student(make_id(seq=22), "李四")
    )
    result = import_run(kind="students", scope=Scope.city(), path=path, actor="test",
                        term="2019-2", errors_dir=errors_dir)  # fmt: skip
    assert (result.rows, result.accepted, result.rejected) == (2, 0, 2)
    assert {e.reason for e in result.errors} == {"学校标识码不是已知学校：请先导入学校名册"}
    assert not Person.objects.exists() and not Enrolment.objects.exists()

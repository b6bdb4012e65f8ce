"""The registry's imports report their stages to a `progress` hook, from 0 to 1.0."""

from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.ids import break_check, make_id
from tests.progress import Recorder
from tests.registry.roster import make_schools, roster_file, student
from zizhu.core.errors import Refused
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

CITY = Scope.city()

pytestmark = pytest.mark.django_db


def test_a_roster_import_reports_each_stage_in_order(tmp_path: Path, errors_dir: Path) -> None:
    make_schools()
    path = roster_file(
        tmp_path / "roster.xlsx",
        student(make_id(seq=11), "张三"),
        student(break_check(make_id(seq=22)), "李四"),  # rejected: the error file is written
    )
    heard = Recorder()
    result = import_run(
        kind="students",
        scope=CITY,
        path=path,
        actor="test",
        term="2019-2",
        errors_dir=errors_dir,
        progress=heard,
    )
    assert (result.accepted, result.rejected) == (1, 1)
    heard.assert_whole_run()
    assert heard.stages == ["读取文件", "检查数据", "写入数据库", "更新名册", "整理结果", "完成"]


def test_a_schools_import_reports_each_stage_in_order(tmp_path: Path, errors_dir: Path) -> None:
    header = ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"]
    path = write_sheet(
        tmp_path / "schools.xlsx", [header, ["4408020001", "赤坎一中", "440802", "初中", "公办"]]
    )
    heard = Recorder()
    assert import_run(
        kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir, progress=heard
    ).accepted
    heard.assert_whole_run()
    assert heard.stages == ["读取文件", "检查数据", "写入数据库", "整理结果", "完成"]


def test_a_refused_file_never_reports_done(tmp_path: Path, errors_dir: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("nothing,here\n", encoding="utf-8")
    heard = Recorder()
    with pytest.raises(Refused):
        import_run(
            kind="schools",
            scope=CITY,
            path=path,
            actor="test",
            errors_dir=errors_dir,
            progress=heard,
        )
    assert heard.stages == ["读取文件"]

"""The department lists' and 认定 imports report their stages to a `progress` hook."""

from pathlib import Path

import pytest

from tests.progress import Recorder
from tests.sources.test_hardship_import import ANNA, SCHOOL, enrol, row, sheet
from tests.sources.test_lists_import import CHILD_A, jdlk_file, jdlk_row
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

CITY = Scope.city()

pytestmark = pytest.mark.django_db
STAGES = ["读取文件", "检查数据", "写入数据库", "整理结果", "完成"]


def test_a_department_list_import_reports_each_stage(tmp_path: Path, errors_dir: Path) -> None:
    heard = Recorder()
    path = jdlk_file(tmp_path, jdlk_row(CHILD_A))
    assert import_run(
        kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir, progress=heard
    ).accepted
    heard.assert_whole_run()
    assert heard.stages == STAGES


def test_a_hardship_import_reports_each_stage(tmp_path: Path, errors_dir: Path) -> None:
    enrol(SCHOOL, "安娜", id_number=ANNA)
    heard = Recorder()
    path = sheet(tmp_path, row("安娜", ANNA, "特别困难"))
    assert import_run(
        kind="hardship", scope=CITY, path=path, actor="test", errors_dir=errors_dir, progress=heard
    ).accepted
    heard.assert_whole_run()
    assert heard.stages == STAGES

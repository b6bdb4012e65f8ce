"""The loans import reports its stages to a `progress` hook, from 0 to 1.0."""

from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.loans.test_loans_import import HEADER, loan
from tests.progress import Recorder
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

CITY = Scope.city()

pytestmark = pytest.mark.django_db


def test_a_loans_import_reports_each_stage(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(tmp_path / "loans.csv", [HEADER, loan()])
    heard = Recorder()
    assert import_run(
        kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir, progress=heard
    ).accepted
    heard.assert_whole_run()
    assert heard.stages == ["读取文件", "检查数据", "写入数据库", "整理结果", "完成"]

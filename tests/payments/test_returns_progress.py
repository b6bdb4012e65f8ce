"""The 银行回盘 import reports its stages to a `progress` hook, from 0 to 1.0."""

from pathlib import Path

import pytest

from tests.payments.city import answers, build_city, returns_file
from tests.progress import Recorder
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export

CITY = Scope.city()

pytestmark = pytest.mark.django_db


def test_a_returns_import_reports_each_stage(tmp_path: Path, errors_dir: Path) -> None:
    build_city(tmp_path, errors_dir)
    sent = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")
    path = returns_file(tmp_path / "back.xlsx", answers(sent.batches[0].file))
    heard = Recorder()
    result = import_run(
        kind="returns", scope=CITY, path=path, actor="bank", errors_dir=errors_dir, progress=heard
    )
    assert result.accepted
    heard.assert_whole_run()
    assert heard.stages == ["读取文件", "检查数据", "写入数据库", "整理结果", "完成"]

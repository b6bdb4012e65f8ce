from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.refusals import refused
from tests.setup_events import events_besides_setup
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import School, SchoolFee

CITY = Scope.city()

pytestmark = pytest.mark.django_db

HEADER = [
    "学校标识码",
    "学校名称",
    "区县代码",
    "学段",
    "办学性质",
    "城乡分类",
    "学费标准",
    "学费起始学期",
]


def rows(*data: list[str | None]) -> list[list[str | None]]:
    return [HEADER, *data]


def test_it_imports_schools_with_stages_and_fees(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(
        tmp_path / "schools.xlsx",
        rows(
            ["4408020001", "赤坎一中", "440802", "初中;普通高中", "公办", "城区", "1250", None],
            [
                "4408030002",
                "霞山民办中学",
                "440803",
                "普通高中、初中",
                "民办",
                "镇区",
                "2000.50",
                "2019年秋季学期",
            ],
            ["1101080001", "北京某大学", "110108", "高校", "公办", None, None, None],
        ),
        sheet="学校名册",
    )
    result = import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (result.rows, result.accepted, result.rejected, result.unchanged) == (3, 3, 0, 0)
    school = School.objects.get(code="4408030002")
    assert school.stages == "JUNIOR;SENIOR"
    assert school.ownership == "PRIVATE"
    assert SchoolFee.objects.get(school=school).fee_fen == 200050
    assert SchoolFee.objects.get(school_id="4408020001", from_term=None).fee_fen == 125000
    assert Event.objects.filter(action="import.schools").count() == 1


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(
        tmp_path / "schools.csv",
        rows(
            ["4408020001", "赤坎一中", "440802", "普通高中", "公办", "城区", "1250", None],
            ["4408020001", "赤坎一中", "440802", "普通高中", "公办", "城区", "1250", None],
        ),
    )
    first = import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    second = import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (first.accepted, first.unchanged, first.rejected) == (1, 0, 1)
    assert (second.accepted, second.unchanged, second.rejected) == (0, 1, 1)
    assert [e.reason for e in second.errors] == ["与本文件前面的行重复（同一学校）"]


def test_a_fee_without_a_start_term_replaces_the_fee_history(
    tmp_path: Path, errors_dir: Path
) -> None:
    with_term = write_sheet(
        tmp_path / "a.csv",
        rows(["4408020001", "一中", "440802", "普通高中", "公办", None, "1000", "2019-1"]),
    )
    import_run(kind="schools", scope=CITY, path=with_term, actor="test", errors_dir=errors_dir)
    later = write_sheet(
        tmp_path / "b.csv",
        rows(["4408020001", "一中", "440802", "普通高中", "公办", None, "1100", "2019-2"]),
    )
    import_run(kind="schools", scope=CITY, path=later, actor="test", errors_dir=errors_dir)
    assert SchoolFee.objects.filter(school_id="4408020001").count() == 2
    flat = write_sheet(
        tmp_path / "c.csv",
        rows(["4408020001", "一中", "440802", "普通高中", "公办", None, "1250", None]),
    )
    result = import_run(kind="schools", scope=CITY, path=flat, actor="test", errors_dir=errors_dir)
    assert result.accepted == 1
    fees = list(
        SchoolFee.objects.filter(school_id="4408020001").values_list("from_term", "fee_fen")
    )
    assert fees == [(None, 125000)]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            ["44080200", "学校", "440802", "小学", "公办", None, None, None],
            "学校标识码应为10位数字",
        ),
        (["4408020001", "学校", "440802", "大学", "公办", None, None, None], "学段应为"),
        (["4408020001", "学校", "110108", "小学", "公办", None, None, None], "不是本系统管辖"),
        (["4408020001", "学校", "440802", "小学", "私立", None, None, None], "办学性质应为"),
        (
            ["4408020001", "学校", "440802", "小学", "公办", None, "1000", None],
            "只适用于设有普通高中",
        ),
        (
            ["4408020001", "学校", "440802", "普通高中", "公办", None, "10.001", None],
            "最多保留两位小数",
        ),
        (["4408020001", "学校", "440802", "普通高中", "公办", None, "-5", None], "不能为负数"),
        (["4408020001", "学校", "440802", "普通高中", "公办", None, "5", "2031-1"], "不是已知学期"),
    ],
)
def test_it_rejects_bad_rows_with_a_chinese_reason(
    tmp_path: Path, errors_dir: Path, row: list[str | None], reason: str
) -> None:
    path = write_sheet(tmp_path / "bad.csv", rows(row))
    result = import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert result.rejected == 1
    assert reason in result.errors[0].reason
    assert School.objects.count() == 0


def test_a_missing_required_column_refuses_the_file(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(tmp_path / "bad.csv", [HEADER[:3], ["4408020001", "学校", "440802"]])
    with refused(Code.FILE_MISSING_COLUMN):
        import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert events_besides_setup() == 0

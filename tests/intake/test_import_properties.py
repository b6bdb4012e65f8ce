"""Random rows through the importers: every row counted once; the same file twice changes nothing.

Values are drawn from small pools of good and bad cells so that repeats, conflicts and updates
are common. Each example runs in a transaction that is rolled back, so examples do not meet.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.files import write_sheet
from tests.ids import break_check, make_id
from tests.intake.strategies import cell_text
from zizhu.core.scope import Scope
from zizhu.intake.result import ImportResult
from zizhu.intake.runner import import_run

pytestmark = pytest.mark.django_db

IMPORTS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
Importer = str  # the import kind
Row = list[str | None]


def pool(*cells: str | None) -> st.SearchStrategy[str | None]:
    """Mostly the given cells; now and then any text at all."""
    any_text = cell_text(max_size=6, printable=True)
    return st.one_of(st.sampled_from(cells), st.sampled_from(cells), any_text)


SCHOOL_HEADER = [
    *("学校标识码", "学校名称", "区县代码", "学段"),
    *("办学性质", "城乡分类", "学费标准", "学费起始学期"),
]
SCHOOL_ROW = st.tuples(
    pool(
        "4408020001", "4408020002", "4408030003", "1101080001", "440802000", "４４０８０２０００１"
    ),
    pool("一中", "二中", "某大学", None),
    pool("440802", "440803", "110108", "4408", None),
    pool("小学", "初中;普通高中", "普通高中、初中", "高校", "大学", None),
    pool("公办", "民办", "私立", None),
    pool("城区", "乡村", "郊区", None),
    pool("1250", "1300.5", "10.001", "-5", None),
    pool("2019-1", "2019年秋季学期", "2031-1", None),
).map(list)

ID_A, ID_B, ID_C = make_id(seq=11), make_id("440883", "20000505", 22), make_id(seq=33)
LOAN_HEADER = [
    *("合同编号", "学年", "姓名", "身份证件号", "户籍地代码"),
    *("就读高校", "学历层次", "贷款金额", "放款日期"),
]
LOAN_ROW = st.tuples(
    pool("C1", "C2", "C3", "C4", None),
    pool("2019-2020", "2020-2021", "2021-2022", "2013-2014", "2019-2021"),
    pool("张三", "李四", None),
    pool(ID_A, ID_B, ID_C, break_check(ID_A), "4.40802E+17", ID_C[:-1] + ID_C[-1].lower()),
    pool("440802", "440883", "110108", "44080"),
    pool("广东海洋大学", "北京大学", None),
    pool("专科", "本科", "研究生", "博士"),
    pool("8000", "12000", "5000.50", "0", "16000.01", "1e3"),
    pool("2019-10-15", "2019/9/1", "43709", "20190230", None),
).map(list)


def files(row: st.SearchStrategy[Row]) -> st.SearchStrategy[tuple[list[Row], str]]:
    return st.tuples(st.lists(row, max_size=10), st.sampled_from([".csv", ".xlsx"]))


@contextmanager
def rolled_back() -> Iterator[Path]:
    """A folder for the example's files, and a transaction undone at the end."""
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        yield Path(folder)
        transaction.set_rollback(True)


def run(
    importer: Importer, folder: Path, name: str, header: Sequence[str], rows: list[Row], suffix: str
) -> ImportResult:
    path = write_sheet(folder / f"{name}{suffix}", [header, *rows], title_rows=["导入"])
    result = import_run(
        kind=importer, scope=Scope.city(), path=path, actor="test", errors_dir=folder / "errors"
    )
    assert result.accepted + result.unchanged + result.rejected == result.rows
    assert result.rows <= len(rows)
    assert all(3 <= e.row <= len(rows) + 2 for e in result.errors)
    return result


def check_twice(importer: Importer, header: Sequence[str], before: tuple[list[Row], str],
                file: tuple[list[Row], str]) -> None:  # fmt: skip
    with rolled_back() as folder:
        run(importer, folder, "before", header, *before)
        first = run(importer, folder, "file", header, *file)
        second = run(importer, folder, "file", header, *file)
    assert second.accepted == 0
    assert second.errors == first.errors
    assert second.unchanged == first.rows - first.rejected


@IMPORTS
@given(files(SCHOOL_ROW), files(SCHOOL_ROW))
def test_random_school_files_are_counted_and_idempotent(
    before: tuple[list[Row], str], file: tuple[list[Row], str]
) -> None:
    check_twice("schools", SCHOOL_HEADER, before, file)


@IMPORTS
@given(files(LOAN_ROW), files(LOAN_ROW))
def test_random_loan_files_are_counted_and_idempotent(
    before: tuple[list[Row], str], file: tuple[list[Row], str]
) -> None:
    check_twice("loans", LOAN_HEADER, before, file)

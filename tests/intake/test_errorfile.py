"""The error file an import writes: header, rejected rows as sent, and 错误原因 last."""

from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.intake.layouts import read_back
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

CITY = Scope.city()

pytestmark = pytest.mark.django_db

HEADER = ["学校标识码", "学校名称", "区县代码", "学段", "办学性质", "备注"]
GOOD = ["4408020001", "赤坎一中", "440802", "初中", "公办", ""]
BAD_CODE = ["４４０８", "坏学校", "440802", "初中", "公办", "全角"]
BAD_STAGE = ["4408020002", "霞山小学", "440803", "大学", "公办", ""]
TITLES = ["湛江市学校名册", "填报单位：市教育局", "2019年"]
STAGE_REASON = "学段应为：学前、小学、初中、普通高中、中职（技工学校）、高校"


def import_file(path: Path, errors_dir: Path):
    return import_run(kind="schools", scope=CITY, path=path, actor="test", errors_dir=errors_dir)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_workbook_is_answered_with_an_xlsx(tmp_path: Path, errors_dir: Path, suffix: str) -> None:
    path = write_sheet(
        tmp_path / f"学校{suffix}", [HEADER, BAD_CODE, GOOD, BAD_STAGE], title_rows=TITLES
    )
    result = import_file(path, errors_dir)
    assert (result.accepted, result.rejected) == (1, 2)
    # Row numbers are the sheet's own: three title rows, the header on row 4.
    assert [(e.row, e.reason) for e in result.errors] == [
        (5, "学校标识码应为10位数字"),
        (7, STAGE_REASON),
    ]
    errors_file = Path(result.errors_file or "")
    assert errors_file.parent == errors_dir
    assert errors_file.suffix == ".xlsx"
    assert errors_file.name.startswith("学校-错误-")
    assert read_back(errors_file) == [
        [*HEADER, "错误原因"],
        [*BAD_CODE, "学校标识码应为10位数字"],  # the cells as sent: full-width digits kept
        [*BAD_STAGE, STAGE_REASON],
    ]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_a_csv_is_answered_as_csv_in_its_own_encoding(
    tmp_path: Path, errors_dir: Path, encoding: str
) -> None:
    path = write_sheet(
        tmp_path / "学校.csv", [HEADER, GOOD, BAD_STAGE], encoding=encoding, title_rows=TITLES
    )
    result = import_file(path, errors_dir)
    errors_file = Path(result.errors_file or "")
    assert errors_file.suffix == ".csv"
    content = errors_file.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    assert read_back(errors_file, encoding=encoding) == [
        [*HEADER, "错误原因"],
        [*BAD_STAGE, STAGE_REASON],
    ]
    assert [e.row for e in result.errors] == [6]


def test_the_header_row_is_written_as_found_in_the_file(tmp_path: Path, errors_dir: Path) -> None:
    header = ["\u00a0学校标识码", "学校名称 ", "区县代码", "学段", "办学性质", "备注"]
    path = write_sheet(tmp_path / "学校.csv", [header, BAD_STAGE])
    result = import_file(path, errors_dir)
    assert read_back(Path(result.errors_file or ""))[0] == [*header, "错误原因"]


def test_an_id_kept_as_text_in_the_error_file(tmp_path: Path, errors_dir: Path) -> None:
    # A long code in a text cell must come back whole, not as a number Excel would round.
    row = ["123456789012345678", "学校", "440802", "初中", "公办", ""]
    result = import_file(write_sheet(tmp_path / "学校.xlsx", [HEADER, row]), errors_dir)
    assert read_back(Path(result.errors_file or ""))[1][0] == "123456789012345678"


def test_no_error_file_when_nothing_is_rejected(tmp_path: Path, errors_dir: Path) -> None:
    result = import_file(write_sheet(tmp_path / "学校.csv", [HEADER, GOOD]), errors_dir)
    assert (result.errors_file, result.errors) == (None, [])
    assert not errors_dir.exists()

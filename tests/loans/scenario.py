"""Loans brought in the way the county aid centre sends them: a file through the import."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_sheet
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run

CITY = Scope.city()

HEADER = [
    *("合同编号", "学年", "姓名", "身份证件号", "户籍地代码"),
    *("就读高校", "学历层次", "贷款金额", "放款日期"),
]


def loan(
    contract: str,
    id_number: str,
    *,
    name: str = "张三",
    hukou: str = "440802",
    year: str = "2019-2020",
    level: str = "本科",
    amount: str = "8000",
    disbursed: str | None = "2019-10-15",
) -> list[str | None]:
    return [contract, year, name, id_number, hukou, "广东海洋大学", level, amount, disbursed]


def loans_add(folder: Path, *rows: list[str | None]) -> None:
    """Import the rows; every one of them must be accepted."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_sheet(folder / f"loans-{len(list(folder.iterdir()))}.csv", [HEADER, *rows])
    result = import_run(
        kind="loans", scope=CITY, path=path, actor="test", errors_dir=folder / "errors"
    )
    assert result.rejected == 0, result.errors

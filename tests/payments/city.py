"""A small city built from real files through the real imports, up to approved aid lists,
and the bank's side of payments: reading bank files, answering them with 银行回盘 files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.aid.scenario import lists_approved
from tests.files import write_sheet
from tests.ids import make_id
from tests.registry.roster import roster_file, student
from zizhu.aid.services import entitle
from zizhu.core.scope import Scope
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import read_table
from zizhu.intake.runner import import_run

CITY = Scope.city()

CHIKAN, XIASHAN = "4408020001", "4408030002"
SCHOOLS = [
    ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
    [CHIKAN, "赤坎小学", "440802", "小学;初中", "公办"],
    [XIASHAN, "霞山小学", "440803", "小学", "公办"],
]
COUNTY = {CHIKAN: "440802", XIASHAN: "440803"}
JDLK_HEADER = ["年度", "区县代码", "姓名", "身份证件号", "脱贫状态"]
TODAY = dt.date(2019, 9, 20)
RETURNS_HEADER = ["批次号", "序号", "收款人姓名", "收款账号", "金额", "处理结果", "失败原因"]


@dataclass
class Pupil:
    id_number: str
    name: str
    school: str
    account: str
    stage: str = "小学"  # 小学: NONBOARDING 250.00; 初中: 312.50
    grade: str = "3"
    payee: str = ""  # the payee's name where it is not the student's
    payee_id: str = ""  # the payee's ID number, where given

    def row(self) -> list[Any]:
        return student(
            self.id_number, self.name, school=self.school, stage=self.stage, grade=self.grade,
            hukou=COUNTY[self.school], account=self.account, payee=self.payee or self.name,
            payee_id=self.payee_id or None,
        )  # fmt: skip


@dataclass
class City:
    folder: Path
    errors_dir: Path
    pupils: list[Pupil] = field(default_factory=list)

    def roster(self, school: str, name: str = "roster") -> Path:
        rows = [p.row() for p in self.pupils if p.school == school]
        return roster_file(self.folder / f"{name}-{school}.xlsx", *rows)

    def import_roster(self, school: str, name: str = "roster") -> None:
        result = import_run(kind="students", scope=CITY,
            path=self.roster(school, name), actor="test", errors_dir=self.errors_dir,
            today=TODAY,
        )  # fmt: skip
        assert result.rejected == 0, result.errors

    def pupil(self, id_number: str) -> Pupil:
        return next(p for p in self.pupils if p.id_number == id_number)


def build_city(
    folder: Path, errors_dir: Path, sizes: dict[str, int] | None = None, *, junior: int = 0
) -> City:
    """Pupils on the 建档立卡 list (JDLK_LIVING 1500.00 and NONBOARDING 250.00 or 312.50
    each), their lists approved; `junior` of the 赤坎 pupils are in 初中."""
    sizes = sizes or {CHIKAN: 4, XIASHAN: 3}
    city = City(folder, errors_dir)
    seq = 0
    for school, size in sizes.items():
        for _ in range(size):
            seq += 1
            pupil = Pupil(
                make_id(region=COUNTY[school], birth="20100101", seq=seq), f"学生{seq}", school,
                f"62170000000000{seq:05d}",
            )  # fmt: skip
            if school == CHIKAN and seq <= junior:
                pupil.stage, pupil.grade = "初中", "1"
            city.pupils.append(pupil)
    schools = write_sheet(folder / "schools.csv", SCHOOLS)
    assert (
        import_run(
            kind="schools", scope=CITY, path=schools, actor="test", errors_dir=errors_dir
        ).rejected
        == 0
    )
    for school in sizes:
        city.import_roster(school)
    rows = [JDLK_HEADER] + [
        ["2019", COUNTY[p.school], p.name, p.id_number, "未脱贫"] for p in city.pupils
    ]
    jdlk = write_sheet(folder / "jdlk.xlsx", rows, sheet="建档立卡贫困人口")
    assert (
        import_run(kind="jdlk", scope=CITY, path=jdlk, actor="test", errors_dir=errors_dir).rejected
        == 0
    )
    entitle(term="2019-2", actor="test", scope=Scope.city())
    lists_approved(today=TODAY)  # 公示 from 2019-09-02
    return city


# ---- the bank's side ---------------------------------------------------------------------

DETAIL_HEADERS = [
    "批次号", "序号", "收款人姓名", "收款人身份证号", "收款账号", "开户银行", "金额", "摘要",
    "学生姓名", "学生身份证件号",
]  # fmt: skip
SUMMARY_HEADERS = ["批次号", "付款单位", "学期", "资助项目", "总笔数", "总金额"]


def _layout(sheet: str, headers: list[str]) -> Layout:
    return Layout(
        kind="bank", sheet=sheet, columns=tuple(Column(h, h, required=True) for h in headers)
    )


def read_detail(path: Path) -> list[dict[str, str]]:
    """The 代发明细 rows as the importers read any file: cleaned text cells."""
    frame = read_table(path, _layout("代发明细", DETAIL_HEADERS)).frame
    return frame.drop("_row").to_dicts()


def read_summary(path: Path) -> dict[str, str]:
    frame = read_table(path, _layout("汇总", SUMMARY_HEADERS)).frame
    assert frame.height == 1
    return frame.drop("_row").to_dicts()[0]


def answers(path: Path, failures: dict[int, str] | None = None) -> list[list[Any]]:
    """The bank's answer to a bank file: every row 成功, except the 序号 in `failures`."""
    failures = failures or {}
    rows = []
    for row in read_detail(path):
        seq = int(row["序号"])
        failed = seq in failures
        rows.append([
            row["批次号"], seq, row["收款人姓名"], row["收款账号"], row["金额"],
            "失败" if failed else "成功", failures.get(seq),
        ])  # fmt: skip
    return rows


def returns_file(path: Path, rows: list[list[Any]], **kwargs: Any) -> Path:
    kwargs.setdefault("sheet", "银行回盘")
    return write_sheet(path, [RETURNS_HEADER, *rows], **kwargs)

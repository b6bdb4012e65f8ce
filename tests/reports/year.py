"""A small 2019 built straight into the database: two 普通高中 in two counties, both terms
approved and paid, some payments failed, one reissued, one student held; and a few loans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tests.aid.scenario import assess, department_list, enrol, jdlk, new_id, school
from tests.files import write_sheet
from tests.ids import make_id
from zizhu.aid.services import approve, entitle, publicity_record
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment
from zizhu.payments.services import pay_export
from zizhu.registry.models import Enrolment

CITY = Scope.city()

CHIKAN, XIASHAN = "4408020003", "4408030009"  # 普通高中 in 440802 and 440803, fee 1250
PUBLICITY = {"2019-1": (dt.date(2019, 3, 4), dt.date(2019, 3, 11)),
             "2019-2": (dt.date(2019, 9, 16), dt.date(2019, 9, 23))}  # fmt: skip
LOANS_HEADER = ["合同编号", "学年", "姓名", "身份证件号", "户籍地代码", "就读高校", "学历层次",
                "贷款金额"]  # fmt: skip


@dataclass(frozen=True)
class Year:
    """Who is who. Spring: a, b, c SEN_GRANT at 赤坎, all paid. Autumn: a, b, c and the
    建档立卡 d (JDLK_LIVING, SEN_GRANT, SEN_TUITION) at 赤坎, e at 霞山, f at both (held);
    a's and b's payments fail for good, c's fails and is reissued and paid, the rest are paid."""

    a: str
    b: str
    c: str
    d: str
    e: str
    f: str


def _enrol(id_number: str, school_code: str, term: str, n: int) -> Enrolment:
    return enrol(id_number, school_code, "SENIOR", 1, term=term, name=f"学生{n}",
                 account_no=f"62170000000000{n:05d}")  # fmt: skip


def _approve(term: str) -> None:
    start, today = PUBLICITY[term]
    entitle(term=term, actor="test", scope=Scope.city())
    for county in ("440802", "440803"):
        publicity_record(scope=Scope.of_county(county), actor="county", term=term,
                         start_date=start, today=start)  # fmt: skip
    approve(scope=Scope.city(), actor="county", term=term, today=today, with_unconfirmed=True)


def _answer(term: str, id_number: str, program: str, status: str) -> None:
    """The bank's answer to the open payment of one entitlement."""
    changed = Payment.objects.filter(
        entitlement__term_id=term, entitlement__person__id_number=id_number,
        entitlement__program=program, status="SENT",
    ).update(status=status, failure_reason="账户冻结" if status == "FAILED" else "")  # fmt: skip
    assert changed == 1


def build_year(tmp_path: Path) -> Year:
    school(CHIKAN, "SENIOR", fee="1250")
    school(XIASHAN, "SENIOR", county="440803", fee="1250")
    people = Year(*(new_id(birth="20030101") for _ in range(6)))
    a, b, c, d, e, f = people.a, people.b, people.c, people.d, people.e, people.f
    for n, person in enumerate([a, b, c], start=1):
        assess(_enrol(person, CHIKAN, "2019-1", n), "GENERAL")
    _approve("2019-1")
    pay_export(scope=Scope.city(), actor="county", term="2019-1", out=tmp_path / "pay-1")
    Payment.objects.filter(status="SENT").update(status="SUCCEEDED")

    for n, person in enumerate([a, b, c, d], start=1):
        assess(_enrol(person, CHIKAN, "2019-2", n), "GENERAL")
    assess(_enrol(e, XIASHAN, "2019-2", 5), "HARDSHIP")
    assess(_enrol(f, CHIKAN, "2019-2", 6), "SPECIAL")
    assess(_enrol(f, XIASHAN, "2019-2", 6), "SPECIAL")  # 一人多籍: held, not due
    department_list("JDLK", [jdlk(d, name="学生4")], year=2019)
    _approve("2019-2")
    pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "pay-2")
    _answer("2019-2", a, "SEN_GRANT", "FAILED")
    _answer("2019-2", b, "SEN_GRANT", "FAILED")
    _answer("2019-2", c, "SEN_GRANT", "FAILED")
    Payment.objects.filter(status="SENT").update(status="SUCCEEDED")
    # c's account is corrected: the failed payment goes out again and is paid.
    Enrolment.objects.filter(term_id="2019-2", person__id_number=c).update(
        account_no="6217000000000009999"
    )
    again = pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "pay-3")
    assert [(x.program, x.count, x.reissues) for x in again.batches] == [("SEN_GRANT", 1, 1)]
    _answer("2019-2", c, "SEN_GRANT", "SUCCEEDED")
    return people


def import_loans(tmp_path: Path, errors_dir: Path) -> None:
    rows = [
        ["A1", "2019-2020", "甲", make_id(seq=901), "440802", "某大学", "本科", "8000"],
        ["A2", "2019-2020", "乙", make_id(seq=902), "440803", "某大学", "专科", "6000.50"],
        ["A3", "2020-2021", "甲", make_id(seq=901), "440802", "某大学", "本科", "8000"],
    ]
    path = write_sheet(tmp_path / "loans.csv", [LOANS_HEADER, *rows])
    assert (
        import_run(
            kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir
        ).rejected
        == 0
    )

from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.ids import make_id
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.loans.selectors import LoanTotal, loan_totals

CITY = Scope.city()

pytestmark = pytest.mark.django_db

HEADER = [
    "合同编号",
    "学年",
    "姓名",
    "身份证件号",
    "户籍地代码",
    "就读高校",
    "学历层次",
    "贷款金额",
]


def test_it_totals_loans_per_county_in_the_year_their_school_year_begins(
    tmp_path: Path, errors_dir: Path
) -> None:
    rows = [
        ["A1", "2019-2020", "甲", make_id(seq=1), "440802", "某大学", "本科", "8000"],
        ["A2", "2019-2020", "乙", make_id(seq=2), "440802", "某大学", "专科", "6000.50"],
        ["A3", "2019-2020", "丙", make_id(seq=3), "440883", "某大学", "研究生", "12000"],
        ["A4", "2020-2021", "甲", make_id(seq=1), "440802", "某大学", "本科", "8000"],
        ["A5", "2018-2019", "丁", make_id(seq=4), "440803", "某大学", "本科", "7000"],
    ]
    path = write_sheet(tmp_path / "loans.csv", [HEADER, *rows])
    import_run(kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert loan_totals(scope=Scope.city(), year=2019) == {
        "440802": LoanTotal(county="440802", count=2, amount_fen=1400050),
        "440883": LoanTotal(county="440883", count=1, amount_fen=1200000),
    }
    assert loan_totals(scope=Scope.of_county("440883"), year=2019) == {
        "440883": LoanTotal(county="440883", count=1, amount_fen=1200000)
    }
    assert list(loan_totals(scope=Scope.city(), year=2020)) == ["440802"]
    assert loan_totals(scope=Scope.city(), year=2017) == {}

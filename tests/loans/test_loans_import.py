import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.files import write_sheet
from tests.ids import break_check, make_id
from tests.refusals import refused
from tests.setup_events import events_besides_setup
from zizhu.cli import main
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.loans.models import Loan

CITY = Scope.city()

pytestmark = pytest.mark.django_db

HEADER = [
    *("合同编号", "学年", "姓名", "身份证件号", "户籍地代码"),
    *("就读高校", "学历层次", "贷款金额", "放款日期"),
]
ID_A = make_id("440802", "20010101", 123)
ID_B = make_id("440883", "20000505", 224)


def loan(
    contract: str = "HT2019001",
    year: str = "2019-2020",
    id_number: str = ID_A,
    amount: str = "8000",
    *,
    level: str = "本科",
    hukou: str = "440802",
    disbursed: str | None = "2019-10-15",
) -> list[str | None]:
    return [contract, year, "张三", id_number, hukou, "广东海洋大学", level, amount, disbursed]


def import_rows(tmp_path: Path, errors_dir: Path, *rows: list[str | None], name: str = "loans"):
    path = write_sheet(tmp_path / f"{name}.csv", [HEADER, *rows])
    return import_run(kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir)


def counts(result) -> tuple[int, int, int]:
    return (result.accepted, result.unchanged, result.rejected)


def test_it_imports_contracts_from_the_named_sheet(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(
        tmp_path / "loans.xlsx",
        [HEADER, loan(), ["HT2019002", "2019-2020", "李四", ID_B, "440883", "北京大学", "研究生",
                          "12000.00", dt.date(2019, 9, 20)]],
        sheet="生源地信用助学贷款",
        title_rows=["2019年生源地信用助学贷款名单"],
        other_sheet_first=True,
    )  # fmt: skip
    result = import_run(kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (result.rows, *counts(result)) == (2, 2, 0, 0)
    stored = Loan.objects.get(contract_no="HT2019002")
    assert (stored.school_year, stored.start_year, stored.level) == ("2019-2020", 2019, "GRADUATE")
    assert (stored.amount_fen, stored.hukou_code) == (1200000, "440883")
    assert stored.disbursed_on == dt.date(2019, 9, 20)
    event = Event.objects.get(action="import.loans")
    assert event.counts == {"rows": 2, "accepted": 2, "unchanged": 0, "rejected": 0}
    assert set(Loan.objects.values_list("event", flat=True)) == {event.pk}


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, errors_dir: Path) -> None:
    rows = [loan(), loan("HT2019002", id_number=ID_B), loan("HT2019003", amount="9000")]
    first = import_rows(tmp_path, errors_dir, *rows)
    second = import_rows(tmp_path, errors_dir, *rows)
    assert counts(first) == (2, 0, 1)
    assert counts(second) == (0, 2, 1)
    assert first.errors == second.errors
    assert Event.objects.filter(action="import.loans").count() == 2


def test_a_known_contract_is_updated(tmp_path: Path, errors_dir: Path) -> None:
    import_rows(tmp_path, errors_dir, loan(amount="6000", disbursed=None))
    result = import_rows(tmp_path, errors_dir, loan(amount="7000.50"), name="again")
    assert counts(result) == (1, 0, 0)
    stored = Loan.objects.get()
    assert (stored.amount_fen, stored.disbursed_on) == (700050, dt.date(2019, 10, 15))
    assert stored.event == Event.objects.filter(action="import.loans").last()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (loan(year="2019-2021"), "学年格式错误"),
        (loan(year="2019"), "学年格式错误"),
        (loan(year="2019—2020"), "学年格式错误"),
        (loan(year="2013-2014"), "学年早于2014-2015，没有已知的贷款额度上限"),
        (loan(year="2990-2991"), "学年尚未开始"),
        (loan(level="硕士"), "学历层次应为：专科、本科、研究生"),
        (loan(amount="0"), "贷款金额必须大于零"),
        (loan(amount="-100"), "贷款金额不能为负数"),
        (loan(amount="100.005"), "贷款金额最多保留两位小数"),
        (loan(amount="8000.01"), "贷款金额超过2019-2020学年本科的上限8000元"),
        (loan(amount="8000.01", level="专科"), "贷款金额超过2019-2020学年专科的上限8000元"),
        (loan(amount="12000.01", level="研究生"), "超过2019-2020学年研究生的上限12000元"),
        (loan(year="2014-2015", amount="9000"), "上限8000元"),
        (loan(year="2020-2021", amount="12000", level="研究生", id_number=ID_B), None),
        (loan(year="2021-2022", amount="12000"), None),
        (loan(year="2021-2022", amount="12001"), "超过2021-2022学年本科的上限12000元"),
        (loan(year="2022-2023", amount="16000", level="研究生"), None),
        (loan(year="2022-2023", amount="16000.01", level="研究生"), "上限16000元"),
        (loan(hukou="110108"), "户籍地代码不是本系统管辖的区县"),
        (loan(hukou="4408"), "户籍地代码应为6位数字"),
        (loan(hukou="449999"), "户籍地代码不是有效的行政区划代码"),
        (loan(id_number=break_check(ID_A)), "身份证件号校验位错误"),
        (loan(id_number=""), "身份证件号不能为空"),
        (loan(contract=""), "合同编号不能为空"),
        (loan(contract="H" * 51), "合同编号不能超过50个字符"),
        (loan(disbursed="2019-13-01"), "放款日期不是有效日期"),
        (loan(disbursed="00000101"), "放款日期不是有效日期"),
        (loan(amount="٨٠٠٠"), "贷款金额不是有效金额"),  # Arabic-Indic digits are not digits here
        (loan(amount="92233720368547758.07"), "贷款金额过大"),
    ],
)
def test_each_rule_is_checked(
    tmp_path: Path, errors_dir: Path, row: list[str | None], reason: str | None
) -> None:
    result = import_rows(tmp_path, errors_dir, row)
    if reason is None:
        assert counts(result) == (1, 0, 0), result.errors
        return
    assert counts(result) == (0, 0, 1)
    assert reason in result.errors[0].reason
    assert Loan.objects.count() == 0


def test_a_repeated_contract_in_a_file_rejects_the_later_row(
    tmp_path: Path, errors_dir: Path
) -> None:
    result = import_rows(tmp_path, errors_dir, loan(), loan(id_number=ID_B))
    assert counts(result) == (1, 0, 1)
    assert result.errors[0].row == 3
    assert result.errors[0].reason == "与本文件前面的行重复（同一合同编号）"
    assert Loan.objects.get().id_number == ID_A


def test_a_second_contract_for_a_student_and_year_in_a_file_is_rejected(
    tmp_path: Path, errors_dir: Path
) -> None:
    result = import_rows(
        tmp_path, errors_dir, loan(), loan("HT2019009"), loan("HT2020001", "2020-2021")
    )
    assert counts(result) == (2, 0, 1)
    assert result.errors[0].row == 3
    assert "只能有一份贷款合同" in result.errors[0].reason
    assert "HT2019001" in result.errors[0].reason


def test_a_second_contract_for_a_student_and_year_in_the_database_is_rejected(
    tmp_path: Path, errors_dir: Path
) -> None:
    import_rows(tmp_path, errors_dir, loan())
    result = import_rows(tmp_path, errors_dir, loan("HT2019777", amount="5000"), name="later")
    assert counts(result) == (0, 0, 1)
    assert result.errors[0].reason == "该学生该学年已有另一份贷款合同（合同编号 HT2019001）"
    assert Loan.objects.get().amount_fen == 800000


def test_a_contract_moved_away_by_the_same_file_frees_its_year(
    tmp_path: Path, errors_dir: Path
) -> None:
    import_rows(tmp_path, errors_dir, loan("C1"))
    rows = [loan("C2"), loan("C1", "2020-2021")]
    result = import_rows(tmp_path, errors_dir, *rows, name="moved")
    assert counts(result) == (2, 0, 0), result.errors
    again = import_rows(tmp_path, errors_dir, *rows, name="moved")
    assert counts(again) == (0, 2, 0)
    stored = dict(Loan.objects.values_list("contract_no", "school_year"))
    assert stored == {"C1": "2020-2021", "C2": "2019-2020"}


def test_two_contracts_may_swap_school_years(tmp_path: Path, errors_dir: Path) -> None:
    import_rows(tmp_path, errors_dir, loan("C1"), loan("C2", "2020-2021"))
    result = import_rows(tmp_path, errors_dir, loan("C1", "2020-2021"), loan("C2"), name="swapped")
    assert counts(result) == (2, 0, 0), result.errors
    stored = dict(Loan.objects.values_list("contract_no", "school_year"))
    assert stored == {"C1": "2020-2021", "C2": "2019-2020"}


def test_a_contract_that_cannot_move_keeps_its_year_taken(tmp_path: Path, errors_dir: Path) -> None:
    import_rows(tmp_path, errors_dir, loan("C1"), loan("C3", "2020-2021"))
    result = import_rows(tmp_path, errors_dir, loan("C2"), loan("C1", "2020-2021"), name="blocked")
    assert counts(result) == (0, 0, 2)
    assert [e.reason[-8:] for e in result.errors] == ["合同编号 C1）", "合同编号 C3）"]
    again = import_rows(tmp_path, errors_dir, loan("C2"), loan("C1", "2020-2021"), name="blocked")
    assert again.errors == result.errors


def test_the_error_file_keeps_the_rejected_rows_as_sent(tmp_path: Path, errors_dir: Path) -> None:
    result = import_rows(tmp_path, errors_dir, loan(), loan("HT2", amount=" 9000 "))
    assert result.errors_file is not None
    text = Path(result.errors_file).read_text(encoding="utf-8").splitlines()
    assert text[0] == ",".join([*HEADER, "错误原因"])
    assert text[1].startswith("HT2,2019-2020,")
    assert text[1].endswith(", 9000 ,2019-10-15,贷款金额超过2019-2020学年本科的上限8000元")


def test_a_file_without_the_loan_columns_is_refused(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(tmp_path / "bad.csv", [HEADER[:6], loan()[:6]])
    with refused(Code.FILE_MISSING_COLUMN):
        import_run(kind="loans", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert events_besides_setup() == 0


def test_the_command_line_imports_loans(
    tmp_path: Path, errors_dir: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.ERRORS_DIR = errors_dir
    path = write_sheet(tmp_path / "loans.csv", [HEADER, loan(), loan("HT2", amount="0")])
    assert main(["import", "loans", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["accepted"], document["rejected"]) == (1, 1)
    assert document["errors"] == [{"row": 3, "reason": "贷款金额必须大于零"}]


def test_an_id_with_full_width_digits_and_a_lowercase_x_is_cleaned(
    tmp_path: Path, errors_dir: Path
) -> None:
    id_x = next(i for i in (make_id(seq=s) for s in range(1, 200)) if i.endswith("X"))
    typed = id_x[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    result = import_rows(tmp_path, errors_dir, loan(id_number=f"\u00a0{typed} "))
    assert counts(result) == (1, 0, 0), result.errors
    assert Loan.objects.get().id_number == id_x

"""The value rules of spec/formats.md, one cell at a time."""

import datetime as dt
from collections.abc import Sequence

import polars as pl
import pytest

from tests.ids import break_check, make_id
from zizhu.intake import values as v
from zizhu.intake.reader import ROW
from zizhu.intake.result import REASON

TODAY = dt.date(2019, 9, 1)


def apply(expr: pl.Expr, *cells: str | None, **others: Sequence[str | None]) -> list[object]:
    """The expression over a column "v" holding the cells (and any other columns given)."""
    frame = pl.DataFrame(
        {"v": list(cells), **others}, schema={c: pl.String for c in ["v", *others]}
    )
    return frame.select(expr.alias("out"))["out"].to_list()


def id_reason(cell: str | None) -> str | None:
    return apply(v.id_number_reason("v", today=TODAY), cell)[0]  # type: ignore[return-value]


# ---- ID numbers ------------------------------------------------------------------------


def test_a_valid_id_number_passes() -> None:
    assert id_reason(make_id("440802", "20050101", 123)) is None
    assert id_reason(make_id("440802", "19900228", 2)) is None


def test_it_rejects_an_id_with_a_wrong_check_character() -> None:
    assert id_reason(break_check(make_id())) == "身份证件号校验位错误"


@pytest.mark.parametrize(
    ("birth", "reason"),
    [
        ("19900230", "身份证件号中的出生日期不存在"),
        ("00000101", "身份证件号中的出生日期不存在"),  # there is no year 0
        ("20190902", "身份证件号中的出生日期晚于今天"),
    ],
)
def test_it_rejects_a_birth_date_that_does_not_exist_or_is_in_the_future(
    birth: str, reason: str
) -> None:
    assert id_reason(make_id("440802", birth, 123)) == reason


@pytest.mark.parametrize(
    "cell", ["4.40802E+17", "4.40802e+17", "4.40802200101011E+17", "440802200101011000"]
)
def test_it_rejects_an_id_that_excel_stored_as_a_number(cell: str) -> None:
    assert id_reason(cell) == f"身份证件号{v.MSG_EXCEL_NUMBER}"


def test_an_id_ending_in_zeros_with_a_right_check_character_is_a_real_id() -> None:
    real = next(i for i in (make_id(seq=s) for s in range(1000)) if i.endswith("000"))
    assert id_reason(real) is None


def test_it_rejects_a_15_digit_old_id() -> None:
    assert id_reason("440802900101123") == "身份证件号是15位旧号码，请换用18位身份证号"


@pytest.mark.parametrize("cell", ["44080220050101123", "4408022005010112345", "44080220050101123Y"])
def test_it_rejects_an_id_of_the_wrong_shape(cell: str) -> None:
    assert id_reason(cell) == "身份证件号格式错误：应为18位，前17位是数字，最后一位是数字或X"


def test_it_rejects_an_address_code_that_did_not_exist_in_the_birth_year() -> None:
    # 440811 (麻章区) dates from 1984.
    assert id_reason(make_id("440811", "19800101", 1)) == "身份证件号中的地址码在出生年份不存在"
    assert id_reason(make_id("440811", "19940101", 1)) is None
    assert id_reason(make_id("449999", "20000101", 1)) == "身份证件号中的地址码在出生年份不存在"


def test_a_lowercase_x_is_written_as_an_upper_case_x_before_the_check() -> None:
    with_x = next(i for i in (make_id(seq=s) for s in range(1000)) if i.endswith("X"))
    lower = with_x[:-1] + "x"
    assert id_reason(lower) is not None
    assert apply(v.id_number_text("v"), lower) == [with_x]
    frame = pl.DataFrame({"v": [lower]}).with_columns(v.id_number_text("v").alias("v"))
    assert frame.select(v.id_number_reason("v", today=TODAY)).to_series().to_list() == [None]


def test_an_empty_id_is_required_unless_told_otherwise() -> None:
    assert id_reason(None) == "身份证件号不能为空"
    optional = v.id_number_reason("v", today=TODAY, header="收款人身份证号", required=False)
    assert apply(optional, None, "123") == [
        None,
        "收款人身份证号格式错误：应为18位，前17位是数字，最后一位是数字或X",
    ]


def test_the_birth_date_and_sex_come_from_the_id() -> None:
    male, female = make_id("440802", "20050101", 123), make_id("440802", "20050101", 124)
    assert apply(v.id_birth_date("v"), male) == [dt.date(2005, 1, 1)]
    assert apply(v.id_sex("v"), male, female, None) == ["男", "女", None]


@pytest.mark.parametrize(
    ("sex", "seq", "reason"),
    [
        ("男", 123, None),
        ("女", 124, None),
        ("女", 123, "性别与身份证件号不符"),
        ("男", 124, "性别与身份证件号不符"),
        ("M", 123, "性别应为“男”或“女”"),
        (None, 123, None),
    ],
)
def test_the_sex_must_agree_with_the_id(sex: str | None, seq: int, reason: str | None) -> None:
    ids = [make_id("440802", "20050101", seq)]
    assert apply(v.sex_reason("v", "id"), sex, id=ids) == [reason]


def test_a_sex_without_an_id_is_not_compared() -> None:
    assert apply(v.sex_reason("v", "id"), "男", id=[None]) == [None]


# ---- 学籍号 and region codes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("G" + make_id(), None),
        ("J440802200501011234", None),
        ("L440802200501011234", None),
        ("G" + break_check(make_id()), "学籍号中的身份证号校验位错误"),
        ("J440802200502301234", "学籍号中的出生日期不存在"),
        ("L440802202001011234", "学籍号中的出生日期晚于今天"),
        ("G44080220050101123", "学籍号格式错误"),
        ("J44080220050101123X", "学籍号格式错误"),
        ("K440802200501011234", "学籍号格式错误"),
        (make_id(), "学籍号格式错误"),
        (None, None),
    ],
)
def test_a_student_number_has_one_of_three_shapes(cell: str | None, reason: str | None) -> None:
    found = apply(v.student_no_reason("v", today=TODAY), cell)[0]
    assert found == reason if reason is None else reason in str(found)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("440802", None),
        ("110108", None),
        ("4408", "户籍地代码应为6位数字"),
        ("44080a", "户籍地代码应为6位数字"),
        ("449999", "户籍地代码不是有效的行政区划代码"),
        (None, None),
    ],
)
def test_a_region_code_is_six_digits_of_gb_t_2260(cell: str | None, reason: str | None) -> None:
    assert apply(v.region_code_reason("v", "户籍地代码"), cell) == [reason]


# ---- terms, stages, grades -------------------------------------------------------------


def test_a_term_is_a_name_or_a_code() -> None:
    cells = [
        "2019年春季学期",
        "2019年秋季学期",
        "2019-1",
        "2019-2",
        "2019-3",
        "2019年冬季学期",
        None,
    ]
    codes = ["2019-1", "2019-2", "2019-1", "2019-2", None, None, None]
    assert apply(v.term_code("v"), *cells) == codes


def test_a_stage_is_one_of_the_named_stages() -> None:
    cells = ["学前", "技工学校", "中职", "高校", "大学", None]
    codes = ["PRESCHOOL", "VOCATIONAL", "VOCATIONAL", "HIGHER", None, None]
    assert apply(v.stage_code("v"), *cells) == codes
    assert [r is None for r in apply(v.stage_reason("v"), *cells)] == [True] * 4 + [False, True]


@pytest.mark.parametrize(
    ("grade", "stage", "number"),
    [
        ("小班", "PRESCHOOL", 1),
        ("大班", "PRESCHOOL", 3),
        ("1", "PRESCHOOL", None),
        ("六年级", "PRIMARY", 6),
        ("6", "PRIMARY", 6),
        ("4", "JUNIOR", None),
        ("三年级", "SENIOR", 3),
        ("5", "HIGHER", 5),
        ("中班", "PRIMARY", None),
        ("七年级", "PRIMARY", None),
    ],
)
def test_a_grade_must_fit_the_stage(grade: str, stage: str, number: int | None) -> None:
    stage_expr = pl.col("stage")
    assert apply(v.grade_number("v", stage_expr), grade, stage=[stage]) == [number]
    reasons = apply(v.grade_reason("v", stage_expr), grade, stage=[stage])
    assert (reasons[0] is None) == (number is not None)


# ---- dates, money, yes/no ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2019-09-01", dt.date(2019, 9, 1)),
        ("2019/9/1", dt.date(2019, 9, 1)),
        ("2019-9-01", dt.date(2019, 9, 1)),
        ("20190901", dt.date(2019, 9, 1)),
        ("43709", dt.date(2019, 9, 1)),  # an Excel date cell read as its day number
        ("2019-09-01 00:00:00", dt.date(2019, 9, 1)),  # an Excel date cell as the reader shows it
        ("20190230", None),
        ("00000101", None),
        ("0000-01-01", None),
        ("2019-13-01", None),
        ("9/1/2019", None),
        ("2019年9月1日", None),
        ("0", None),
    ],
)
def test_dates_in_the_formats_of_the_spec(cell: str, day: dt.date | None) -> None:
    assert apply(v.date_value("v"), cell) == [day]
    reason = apply(v.date_reason("v", "放款日期"), cell)[0]
    assert reason == (None if day else "放款日期不是有效日期（如 2019-09-01）")


@pytest.mark.parametrize(
    ("cell", "fen", "reason"),
    [
        ("1500", 150000, None),
        ("1500.5", 150050, None),
        ("1500.55", 150055, None),
        ("0.01", 1, None),
        ("0", 0, None),
        ("10.001", None, "金额最多保留两位小数"),
        ("-5", None, "金额不能为负数"),
        ("-5.001", None, "金额不能为负数"),
        ("1,500", None, "金额不是有效金额"),
        ("1500元", None, "金额不是有效金额"),
        (".5", None, "金额不是有效金额"),
        ("1e3", None, "金额不是有效金额"),
        # Bigger than any amount the system can hold: never wrapped round into another number.
        ("922337203685477580", None, "金额过大"),
        ("99999999999999999999.99", None, "金额过大"),
        # How the spreadsheet reader prints the number cell 99999999.99 (see _money_text) ...
        ("99999999.989999995", 9999999999, None),
        # ... but a text typed with more digits than Excel keeps stays as typed.
        ("1000000000000.000", None, "金额最多保留两位小数"),
        ("1234567890123.4567", None, "金额最多保留两位小数"),
        (None, None, None),
    ],
)
def test_money_is_yuan_with_at_most_two_decimals(
    cell: str | None, fen: int | None, reason: str | None
) -> None:
    assert apply(v.money_fen("v"), cell) == [fen]
    assert apply(v.money_reason("v", "金额"), cell) == [reason]


def test_a_positive_amount_must_be_above_zero() -> None:
    reasons = apply(v.money_reason("v", "贷款金额", positive=True), "0", "0.00", "0.01", None)
    assert reasons == ["贷款金额必须大于零", "贷款金额必须大于零", None, None]


def test_yes_or_no() -> None:
    cells = ["是", "否", "Y", "N", "y", "n", "1", "0", "对", None]
    assert apply(v.yes_no("v"), *cells) == [True, False] * 4 + [None, None]
    reasons = apply(v.yes_no_reason("v", "是否寄宿"), *cells)
    assert reasons == [None] * 8 + ["是否寄宿应为“是”或“否”", None]


def test_choice_required_and_the_first_broken_rule() -> None:
    rule = v.first_reason(
        v.required_reason("v", "学历层次"), v.choice_reason("v", "学历层次", ["专科", "本科"])
    )
    assert apply(rule, "本科", "硕士", None) == [
        None,
        "学历层次应为：专科、本科",
        "学历层次不能为空",
    ]


def test_only_later_duplicates_among_valid_rows_are_rejected() -> None:
    frame = pl.DataFrame(
        {
            ROW: [2, 3, 4, 5, 6],
            "code": ["A", "A", "A", "B", "B"],
            REASON: ["坏行", None, None, None, None],
        }
    )
    marked = v.mark_later_duplicates(frame, ["code"], reason=REASON, what="学校")
    assert marked[REASON].to_list() == [
        "坏行",
        None,
        "与本文件前面的行重复（同一学校）",
        None,
        "与本文件前面的行重复（同一学校）",
    ]

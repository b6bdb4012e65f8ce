"""Random cell text through every value rule: never a crash, and a reason xor a parsed value."""

import datetime as dt
import re
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from tests.intake.strategies import cell_text, date_text, id_numbers, money_text
from zizhu.intake import values as v

TODAY = dt.date(2019, 9, 1)
FAST = settings(max_examples=150, deadline=None)


def column(cells: list[str | None], **others: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"v": cells, **others}, schema={c: pl.String for c in ["v", *others]}
    ).with_columns(pl.col(c).str.strip_chars() for c in ["v", *others])


def maybe(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[list[str | None]]:
    return st.lists(st.one_of(st.none(), strategy), max_size=12)


@FAST
@given(maybe(cell_text()), maybe(cell_text(max_size=6)))
def test_no_rule_crashes_on_any_text(cells: list[str | None], others: list[str | None]) -> None:
    others = (others + [None] * len(cells))[: len(cells)]
    stage = pl.col("w").replace_strict(v.STAGES, default=None, return_dtype=pl.String)
    rules = [
        v.required_reason("v", "列"),
        v.id_number_reason("v", today=TODAY),
        v.sex_reason("v", "w"),
        v.sex_reason("w", "v"),
        v.student_no_reason("v", today=TODAY),
        v.region_code_reason("v", "区县代码"),
        v.stage_reason("v"),
        v.grade_reason("v", stage),
        v.date_reason("v", "日期"),
        v.money_reason("v", "金额", positive=True),
        v.yes_no_reason("v", "是否"),
        v.choice_reason("v", "列", ["甲", "乙"]),
    ]
    parsers = [
        v.term_code("v"),
        v.stage_code("v"),
        v.grade_number("v", stage),
        v.date_value("v"),
        v.money_fen("v"),
        v.yes_no("v"),
        v.id_birth_date("v"),
        v.id_sex("v"),
        v.id_number_text("v"),
    ]
    out = column(cells, w=others).select(
        *[r.alias(f"r{i}") for i, r in enumerate(rules)],
        *[p.alias(f"p{i}") for i, p in enumerate(parsers)],
    )
    assert out.height == len(cells)
    for i in range(len(rules)):
        assert all(r is None or isinstance(r, str) and r for r in out[f"r{i}"].to_list())


def expected_id_ok(text: str) -> bool:
    """The rule, from python-stdnum plus what it does not check (future dates, code history)."""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        return False
    try:  # stdnum raises KeyError or ValueError for some codes and dates, not just False
        if not ric.is_valid(text):
            return False
        birth = ric.get_birth_date(text)
    except (KeyError, ValueError):
        return False
    return birth <= TODAY and v.region_valid(text[:6], birth.year)


@FAST
@given(maybe(st.one_of(id_numbers(), cell_text(max_size=20))))
def test_an_id_number_passes_exactly_when_it_is_valid(cells: list[str | None]) -> None:
    out = column(cells).select(
        pl.col("v"),
        v.id_number_reason("v", today=TODAY).alias("reason"),
        v.id_birth_date("v").alias("birth"),
        v.id_sex("v").alias("sex"),
    )
    for cell, reason, birth, sex in out.iter_rows():
        if cell is None:
            assert reason == "身份证件号不能为空"
            continue
        assert (reason is None) == expected_id_ok(cell), (cell, reason)
        if reason is None:
            assert birth == ric.get_birth_date(cell)
            assert sex == ("男" if int(cell[16]) % 2 else "女")


@FAST
@given(maybe(money_text()))
def test_an_amount_gives_a_reason_or_the_exact_fen(cells: list[str | None]) -> None:
    out = column(cells).select(
        pl.col("v"),
        v.money_fen("v").alias("fen"),
        v.money_reason("v", "金额").alias("reason"),
        v.money_reason("v", "金额", positive=True).alias("positive"),
    )
    for cell, fen, reason, positive in out.iter_rows():
        if cell is None:
            assert (fen, reason, positive) == (None, None, None)
            continue
        assert (reason is None) == (fen is not None), (cell, fen, reason)
        if fen is not None:
            assert re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", cell)
            assert fen == int(Decimal(cell) * 100)
            assert (positive is None) == (fen > 0)


@FAST
@given(maybe(date_text()))
def test_a_date_gives_a_reason_or_a_day(cells: list[str | None]) -> None:
    out = column(cells).select(
        pl.col("v"), v.date_value("v").alias("day"), v.date_reason("v", "日期").alias("reason")
    )
    for cell, day, reason in out.iter_rows():
        assert (reason is None) == (cell is None or day is not None), (cell, day, reason)
        pattern = r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})( [0-9:]{8})?"
        match = re.fullmatch(pattern, cell or "")
        if match and day is not None:
            assert day == dt.date(*(int(g) for g in match.groups()[:3]))


@FAST
@given(maybe(cell_text(max_size=8)))
def test_region_codes_stages_and_yes_no_give_a_reason_or_a_value(
    cells: list[str | None],
) -> None:
    out = column(cells).select(
        pl.col("v"),
        v.region_code_reason("v", "区县代码").alias("region"),
        v.stage_code("v").alias("stage"),
        v.stage_reason("v").alias("stage_reason"),
        v.yes_no("v").alias("yes"),
        v.yes_no_reason("v", "是否").alias("yes_reason"),
    )
    for cell, region, stage, stage_reason, yes, yes_reason in out.iter_rows():
        if cell is None:
            assert (region, stage_reason, yes_reason) == (None, None, None)
            continue
        valid_region = bool(re.fullmatch(r"[0-9]{6}", cell)) and v.region_valid(cell)
        assert (region is None) == valid_region
        assert (stage_reason is None) == (stage is not None)
        assert (yes_reason is None) == (yes is not None)


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["学前", "小学", "初中", "普通高中", "中职", "高校"]),
            st.one_of(
                st.sampled_from(["小班", "中班", "大班", "一年级", "三年级", "六年级", "七年级"]),
                st.integers(0, 9).map(str),
                cell_text(max_size=4),
            ),
        ),
        max_size=12,
    )
)
def test_a_grade_gives_a_reason_or_a_number_within_the_stage(
    pairs: list[tuple[str, str]],
) -> None:
    frame = column([g for _, g in pairs], stage=[s for s, _ in pairs])
    stage = v.stage_code("stage")
    out = frame.select(
        stage.alias("code"),
        v.grade_number("v", stage).alias("number"),
        v.grade_reason("v", stage).alias("reason"),
        pl.col("v"),
    )
    for code, number, reason, cell in out.iter_rows():
        if cell is None:
            continue
        assert (reason is None) == (number is not None)
        if number is not None:
            assert 1 <= number <= v.MAX_GRADE[code]

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.intake.strategies import cell_text
from zizhu.intake.cleaning import clean_text, clean_value


def cleaned(cells: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"cell": cells}, schema={"cell": pl.String})
    return frame.select(clean_text(pl.col("cell"))).to_series().to_list()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  张三  ", "张三"),
        ("４４０８０２２００５０１０１１２３Ｘ", "44080220050101123X"),
        ("ＡＢＣ１２３", "ABC123"),
        ("\u00a0440802\u00a0", "440802"),
        ("\u3000赤坎区\u3000", "赤坎区"),
        ("张\u00a0三", "张 三"),
        ("\ufeff学年", "学年"),
        ("\u200b", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_it_cleans_a_cell(raw: str | None, expected: str | None) -> None:
    assert cleaned([raw]) == [expected]
    assert clean_value(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), cell_text()), max_size=20))
def test_a_column_and_a_single_value_are_cleaned_alike(cells: list[str | None]) -> None:
    # Headers are cleaned one by one and cells by column: both must agree, or a header that
    # looks right in the file would not be found.
    assert cleaned(cells) == [clean_value(c) for c in cells]


@settings(max_examples=200, deadline=None)
@given(cell_text())
def test_cleaning_is_idempotent_and_leaves_no_edges(text: str) -> None:
    once = clean_value(text)
    assert clean_value(once) == once
    if once is not None:
        assert once == once.strip()
        assert not any("\uff01" <= c <= "\uff5e" for c in once)
        assert not any(c in once for c in "\u00a0\u3000\ufeff\u200b")

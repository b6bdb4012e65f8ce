"""Counting an import's rows: every row exactly once, at most 100 errors listed."""

from pathlib import Path

import polars as pl
import pytest

from tests.files import write_csv
from tests.ids import make_id
from tests.intake.layouts import HEADER, LAYOUT
from zizhu.intake.reader import ROW, read_table
from zizhu.intake.result import MAX_ERRORS_LISTED, REASON, import_result, rejected_rows


def table_of(tmp_path: Path, count: int):
    rows = [HEADER, *[[f"学生{i}", make_id(seq=i % 1000)] for i in range(count)]]
    return read_table(write_csv(tmp_path / "f.csv", rows, title_rows=["名册"]), LAYOUT)


def with_reasons(table, bad_rows: set[int]) -> pl.DataFrame:
    return table.frame.with_columns(
        pl.when(pl.col(ROW).is_in(list(bad_rows))).then(pl.lit("坏行")).alias(REASON)
    )


def test_the_result_counts_rows_and_lists_errors_in_file_order(
    tmp_path: Path, errors_dir: Path
) -> None:
    table = table_of(tmp_path, 5)
    checked = with_reasons(table, {6, 3})
    result = import_result(
        kind="test", table=table, checked=checked, accepted=2, unchanged=1, errors_dir=errors_dir
    )
    assert result.as_json() == {
        "kind": "test",
        "file": str(tmp_path / "f.csv"),
        "rows": 5,
        "accepted": 2,
        "rejected": 2,
        "unchanged": 1,
        "errors_file": result.errors_file,
        "errors": [{"row": 3, "reason": "坏行"}, {"row": 6, "reason": "坏行"}],
    }
    assert rejected_rows(checked).rows() == [(3, "坏行"), (6, "坏行")]


def test_a_row_counted_twice_or_not_at_all_is_a_bug(tmp_path: Path, errors_dir: Path) -> None:
    table = table_of(tmp_path, 3)
    with pytest.raises(AssertionError, match="row accounting broken"):
        import_result(
            kind="test",
            table=table,
            checked=with_reasons(table, {3}),
            accepted=2,
            unchanged=1,
            errors_dir=errors_dir,
        )


def test_at_most_a_hundred_errors_are_listed_but_all_are_written(
    tmp_path: Path, errors_dir: Path
) -> None:
    table = table_of(tmp_path, 150)
    checked = with_reasons(table, set(range(0, 1000)))
    result = import_result(
        kind="test", table=table, checked=checked, accepted=0, unchanged=0, errors_dir=errors_dir
    )
    assert result.rejected == 150
    assert len(result.errors) == MAX_ERRORS_LISTED
    assert result.errors[0].row == 3
    lines = Path(result.errors_file or "").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 150


def test_extra_counts_are_added_to_the_json(tmp_path: Path, errors_dir: Path) -> None:
    table = table_of(tmp_path, 1)
    result = import_result(
        kind="returns",
        table=table,
        checked=with_reasons(table, set()),
        accepted=1,
        unchanged=0,
        errors_dir=errors_dir,
        extra={"succeeded": 1, "failed": 0},
    )
    assert result.as_json()["succeeded"] == 1
    assert result.errors_file is None

"""What an import did, counted row by row, in the shape of spec/cli.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from zizhu.core.progress import DONE, RESULT, Progress, progress_or_silent
from zizhu.intake.errorfile import write_error_file
from zizhu.intake.reader import ROW, Table

REASON = "_reason"  # the column where validation writes a row's first broken rule
MAX_ERRORS_LISTED = 100


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int
    accepted: int
    rejected: int
    unchanged: int
    errors_file: str | None
    errors: list[RowError]
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. returns' succeeded / failed

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "unchanged": self.unchanged,
            "errors_file": self.errors_file,
            "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
            **self.extra,
        }


def rejected_rows(checked: pl.DataFrame) -> pl.DataFrame:
    """ROW and REASON of the rows that broke a rule, in file order."""
    return checked.filter(pl.col(REASON).is_not_null()).select(ROW, REASON).sort(ROW)


def import_result(
    *,
    kind: str,
    table: Table,
    checked: pl.DataFrame,
    accepted: int,
    unchanged: int,
    errors_dir: Path,
    extra: dict[str, Any] | None = None,
    progress: Progress | None = None,
    write_errors: bool = True,
) -> ImportResult:
    """Count the rows and write the error file (unless told not to: a preview); every row is
    exactly one of three outcomes. The import's last stage: `progress` hears RESULT, then DONE
    once the result is whole."""
    report = progress_or_silent(progress)
    report(*RESULT)
    rejected = rejected_rows(checked)
    if accepted + unchanged + rejected.height != table.rows:
        raise AssertionError(
            f"row accounting broken: {accepted} + {unchanged} + {rejected.height} != {table.rows}"
        )
    errors_file = (
        write_error_file(table, rejected, errors_dir) if rejected.height and write_errors else None
    )
    listed = rejected.head(MAX_ERRORS_LISTED)
    result = ImportResult(
        kind=kind,
        file=str(table.path),
        rows=table.rows,
        accepted=accepted,
        rejected=rejected.height,
        unchanged=unchanged,
        errors_file=str(errors_file) if errors_file else None,
        errors=[RowError(row=r, reason=m) for r, m in listed.iter_rows()],
        extra=extra or {},
    )
    report(*DONE)
    return result

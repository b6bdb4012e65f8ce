"""学生名册 import (placeholder until written)."""

from __future__ import annotations

from pathlib import Path

from zizhu.intake.result import ImportResult


def students_import(
    *, path: Path, actor: str, term: str | None = None, errors_dir: Path | None = None
) -> ImportResult:
    raise NotImplementedError

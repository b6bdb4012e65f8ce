"""Shared fixtures. The same tests run on SQLite and, with DATABASE_URL set by
scripts/with_postgres.py, on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def errors_dir(tmp_path: Path) -> Path:
    return tmp_path / "errors"

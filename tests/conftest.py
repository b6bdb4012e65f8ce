"""Shared fixtures. The same tests run on SQLite and, with DATABASE_URL set by
scripts/with_postgres.py, on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import database  # noqa: F401  (a fixture for tests that run `zizhu`)


@pytest.fixture
def errors_dir(tmp_path: Path) -> Path:
    return tmp_path / "errors"

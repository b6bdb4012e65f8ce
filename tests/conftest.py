"""Shared fixtures. The same tests run on SQLite and, with DATABASE_URL set by
scripts/with_postgres.py, on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import database  # noqa: F401  (a fixture for tests that run `zizhu`)


@pytest.fixture
def errors_dir(tmp_path: Path) -> Path:
    return tmp_path / "errors"


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each test has a cache folder of its own: no cached pages or job progress from another
    test, and the var/cache of a server running in the checkout is left alone."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": str(tmp_path / "cache")}
    }

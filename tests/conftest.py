"""Shared fixtures. The same tests run on SQLite and, with DATABASE_URL set by
scripts/with_postgres.py, on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import database  # noqa: F401  (a fixture for tests that run `zizhu`)
from zizhu.demo.places import places_load


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


def _database_fixture(request: pytest.FixtureRequest) -> str | None:
    """The database fixture the test uses, if any."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (
        "live_server" in names
        or "transactional_db" in names
        or (marker is not None and marker.kwargs.get("transaction"))
    ):
        return "transactional_db"
    if marker is not None or "db" in names:
        return "db"
    return None


@pytest.fixture(autouse=True)
def _zhanjiang(request: pytest.FixtureRequest) -> None:
    """Most tests assume what the demo loads first: Zhanjiang's 行政区划 file, the two 2019
    terms and the shipped 2019 catalogue, loaded here through the operator's services. A test
    of a database with none of it is marked `empty_database`."""
    fixture = _database_fixture(request)
    if fixture is None or request.node.get_closest_marker("empty_database"):
        return
    request.getfixturevalue(fixture)
    places_load(actor="test")

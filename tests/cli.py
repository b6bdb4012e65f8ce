"""Running the real `zizhu` command in subprocesses against a database of the test's own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

# What tests/conftest.py loads for in-process tests, loaded the same way into a subprocess's
# database: Zhanjiang's 行政区划 file, the 2019 terms and the shipped 2019 catalogue.
_PLACES = (
    "from zizhu.cli import _django, _migrate; _django(); _migrate(); "
    "from zizhu.demo.places import places_load; places_load(actor='test')"
)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own for the subprocesses: SQLite in tmp_path, or a fresh PostgreSQL
    database on the server the suite runs against; with Zhanjiang's 2019 places, terms and
    catalogue loaded unless the test is marked `empty_database`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        own = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
        _places(request, own, tmp_path)
        yield own
        return
    name = f"cli_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        own = url.rsplit("/", 1)[0] + f"/{name}"
        _places(request, own, tmp_path)
        yield own
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _places(request: pytest.FixtureRequest, url: str, tmp_path: Path) -> None:
    if request.node.get_closest_marker("empty_database"):
        return
    environment = {**os.environ, "DATABASE_URL": url, "ZIZHU_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _PLACES], env=environment, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()


def zizhu(
    url: str, tmp_path: Path, *args: str, background: bool = False, **env: str
) -> subprocess.Popen[bytes]:
    """Start `zizhu ARGS`. background: as a shell without job control starts `zizhu ... &`,
    with Ctrl-C ignored (CI runs so)."""
    environment = {**os.environ, "DATABASE_URL": url, "ZIZHU_VAR_DIR": str(tmp_path), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "zizhu.cli", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_ignore_interrupts if background else _hangups_heard,
    )


def _hangups_heard() -> None:
    # The suite may itself run under `nohup` (hangups ignored, and inherited): the command
    # then rightly leaves SIGHUP alone, and a test of a hangup would wait for ever.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _ignore_interrupts() -> None:
    _hangups_heard()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def finish(process: subprocess.Popen[bytes], *, expect: int = 0) -> str:
    """Wait for the command; check its exit status; return what it printed on stdout."""
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == expect, stderr.decode()
    return stdout.decode()

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


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """A database of its own for the subprocesses: SQLite in tmp_path, or a fresh PostgreSQL
    database on the server the suite runs against."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'cli.sqlite3'}"
        return
    name = f"cli_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


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

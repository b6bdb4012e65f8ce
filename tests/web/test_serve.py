"""`zizhu serve`: gunicorn and the background worker start together, serve the pages and the
static files (no collectstatic), and stop together on Ctrl-C, leaving no process behind."""

from __future__ import annotations

import os
import signal
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli import database, finish, zizhu  # noqa: F401  (database is a fixture)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, *, wait: float = 0) -> tuple[int, bytes]:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# In the background, as a shell script starts it with `&`, Ctrl-C comes in ignored: it must
# still stop the server. A service manager stops it with SIGTERM; a closed terminal, SIGHUP.
@pytest.mark.parametrize(
    ("background", "stop"),
    [(False, signal.SIGINT), (True, signal.SIGINT), (False, signal.SIGTERM),
     (False, signal.SIGHUP)],
    ids=["ctrl-c", "ctrl-c-in-background", "sigterm", "sighup"],
)  # fmt: skip
def test_serve_answers_pages_and_static_files_and_stops_on_ctrl_c(
    database: str,  # noqa: F811
    tmp_path: Path,
    background: bool,
    stop: signal.Signals,
):
    port = free_port()
    server = zizhu(database, tmp_path, "serve", "--port", str(port), background=background,
                   ZIZHU_WEB_WORKERS="2")  # fmt: skip
    try:
        status, page = fetch(f"http://127.0.0.1:{port}/login/", wait=60)
        assert status == 200 and "登录" in page.decode()
        status, css = fetch(f"http://127.0.0.1:{port}/static/web/site.css")
        assert status == 200 and len(css) > 100
        # `zizhu serve` itself, gunicorn's master and its 2 workers, the background worker
        assert len(processes_with(f"ZIZHU_VAR_DIR={tmp_path}")) == 5
    finally:
        server.send_signal(stop)
    try:
        finish(server)
        assert processes_with(f"ZIZHU_VAR_DIR={tmp_path}") == [], "a process of the server is left"
    finally:  # a server that did not stop must not outlive the test
        for pid in processes_with(f"ZIZHU_VAR_DIR={tmp_path}"):
            os.kill(pid, signal.SIGKILL)


def processes_with(setting: str) -> list[int]:
    """The processes whose environment holds `setting`: the server's gunicorn master, its
    workers and the background worker all inherit the test's ZIZHU_VAR_DIR."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile, or not ours to read
        if setting.encode() in environ:
            found.append(int(entry.name))
    return found


def test_the_demo_serves_its_pages_from_a_fresh_program_without_the_demos_memory(
    database: str,  # noqa: F811
    tmp_path: Path,
):
    """`zizhu demo --serve` (scripts/run) holds gigabytes at full scale: the server it opens
    must not keep them. The demo's process becomes `zizhu serve` (same pid, so Ctrl-C still
    reaches it), with the demo's database and the user it printed."""
    port = free_port()
    demo = zizhu(database, tmp_path, "demo", "--scale", "0.003", "--out", str(tmp_path / "demo"),
                 "--serve", "--port", str(port), ZIZHU_WEB_WORKERS="2",
                 ZIZHU_PASSWORD="Demo-Serve-2019")  # fmt: skip
    try:
        status, page = fetch(f"http://127.0.0.1:{port}/login/", wait=600)
        assert status == 200 and "登录" in page.decode()
        command = Path(f"/proc/{demo.pid}/cmdline").read_bytes().split(b"\0")
        assert command[1:6] == [b"-m", b"zizhu.cli", b"serve", b"--port", str(port).encode()]
    finally:
        demo.send_signal(signal.SIGINT)
    try:
        printed = finish(demo)
        assert f"http://127.0.0.1:{port}/login/  用户名 demo  密码 Demo-Serve-2019" in printed
        # Its county rosters went in two at a time (`--jobs` 2, its default) on this database,
        # and the year still comes out as planted.
        assert "2019年与参数推算的目标一致" in printed
    finally:
        for pid in processes_with(f"ZIZHU_VAR_DIR={tmp_path}"):
            os.kill(pid, signal.SIGKILL)

"""`zizhu serve`: the web server and a django-tasks worker, started and stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def serve(*, host: str, port: int) -> int:
    """Run Django's server and `db_worker` as child processes until Ctrl-C or one of them
    ends; then stop the other. Returns the exit status."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", "zizhu.settings")}  # fmt: skip
    django = [sys.executable, "-m", "django"]
    # --insecure: serve static files (CSS, htmx, ECharts) without a separate web server.
    web = subprocess.Popen(
        [*django, "runserver", f"{host}:{port}", "--noreload", "--insecure"], env=env
    )
    worker = subprocess.Popen([*django, "db_worker"], env=env)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C too
    print(f"网页服务：http://{host}:{port}/ （Ctrl-C 停止）", file=sys.stderr)
    status = 0
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
        status = 1
    except KeyboardInterrupt:
        status = 0
    finally:
        for child in (web, worker):
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in (web, worker):
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return status


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

"""`zizhu serve`: the web server (gunicorn) and a django-tasks worker, started and stopped
together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def serve(*, host: str, port: int) -> int:
    """Run gunicorn and `db_worker` as child processes until Ctrl-C or one of them ends;
    then stop the other. Returns the exit status."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", "zizhu.settings")}  # fmt: skip
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", *gunicorn_options(host, port),
                            "zizhu.wsgi:application"], env=env)  # fmt: skip
    worker = subprocess.Popen([sys.executable, "-m", "django", "db_worker"], env=env)
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


def gunicorn_options(host: str, port: int) -> list[str]:
    """Page views are Python work, so one process per core and a second on each to cover the
    time spent waiting on the database; a few threads per process keep connections of slow
    clients from holding a process. ZIZHU_WEB_WORKERS overrides the number of processes."""
    workers = int(os.environ.get("ZIZHU_WEB_WORKERS") or 2 * (os.cpu_count() or 1))
    return [
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", "4",
        # An xlsx report or a bank file of a whole city takes a while to build.
        "--timeout", "300", "--graceful-timeout", "10",
        # The control socket is one path per user: a second server would take the first's.
        "--no-control-socket",
    ]  # fmt: skip


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

"""`zizhu serve`: the web server (gunicorn) and a django-tasks worker, started and stopped
together, on the production settings unless told `--dev` (docs/security.md)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from zizhu.environment import SecretKeyFileError, env_bool, secret_key_from_var, var_dir

# gunicorn's own graceful timeout (seconds): in-flight requests get this long after Ctrl-C.
GRACEFUL_TIMEOUT = 10

PRODUCTION, DEVELOPMENT = "zizhu.settings_production", "zizhu.settings"


def serve_settings(*, dev: bool) -> str:
    """The settings module the server runs: the development settings only when asked for
    (`--dev`); else an operator's own module named in DJANGO_SETTINGS_MODULE, or production.
    A DJANGO_SETTINGS_MODULE naming the development settings is not asking: it is what the
    other commands and the tests set, and a shell may have kept it."""
    if dev:
        return DEVELOPMENT
    named = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return named if named and named != DEVELOPMENT else PRODUCTION


def secret_key_problem(settings_module: str) -> str:
    """Why the production settings could not start (their key file is unusable), or ''.
    Asked before the children start, so that the reason is said once, in Chinese."""
    if settings_module != PRODUCTION:
        return ""
    try:
        secret_key_from_var(var_dir())  # creates the key on the first start
    except SecretKeyFileError as problem:
        return str(problem)
    except OSError as problem:  # the var folder cannot be written or read
        return f"无法读写密钥文件（{problem}）"
    return ""


def serve(*, host: str, port: int, settings_module: str = PRODUCTION, https: bool = False) -> int:
    """Run gunicorn and `db_worker` as child processes until Ctrl-C (SIGINT, SIGTERM, SIGHUP)
    or one of them ends; then stop the other. Returns the exit status: 0 after a signal, 3
    when the production settings cannot start. https: behind a proxy that ends HTTPS."""
    problem = secret_key_problem(settings_module)
    if problem:
        print(f"网页服务未启动：{problem}", file=sys.stderr)
        return 3
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    if https:
        env["ZIZHU_HTTPS"] = "1"
    # Set before the children start, so that they begin with the default dispositions. A
    # shell without job control starts a background command with Ctrl-C ignored, and Python
    # then installs no handler of its own: Ctrl-C (or `kill -INT`) would do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C too
    # So is a closed terminal (the children, in groups of their own, would not hear of it),
    # unless the server was started to outlive it (`nohup`).
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _interrupt)
    # Each child leads a process group of its own, so that stopping can reach gunicorn's
    # workers too: a worker left behind would keep the port and the terminal's pipes open.
    # Ctrl-C reaches them through this process, which passes it on.
    children: list[subprocess.Popen[bytes]] = []
    status = 0
    try:
        children.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *gunicorn_options(host, port),
             "zizhu.wsgi:application"], env=env, start_new_session=True))  # fmt: skip
        children.append(subprocess.Popen([sys.executable, "-m", "django", "db_worker"],
                                         env=env, start_new_session=True))  # fmt: skip
        print(f"网页服务：http://{host}:{port}/ （Ctrl-C 停止）", file=sys.stderr)
        _say_how(settings_module, host=host, https=https or env_bool("ZIZHU_HTTPS", False))
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        status = 1
    except KeyboardInterrupt:
        status = 0
    finally:
        _stop(*children)
    return status


def _say_how(settings_module: str, *, host: str, https: bool) -> None:
    if settings_module == DEVELOPMENT:
        print("注意：正在使用开发设置（--dev），不可用于正式环境", file=sys.stderr)
    elif https:
        print("生产设置：位于 HTTPS 反向代理之后（仅 HTTPS Cookie，HSTS）", file=sys.stderr)
    elif host not in ("127.0.0.1", "localhost", "::1"):
        print("注意：未指定 --https，登录和页面以明文 HTTP 传输；"
              "对外服务请置于 HTTPS 反向代理之后并加 --https", file=sys.stderr)  # fmt: skip


def _stop(*children: subprocess.Popen[bytes]) -> None:
    """Ask each child's group to stop (SIGTERM: gunicorn lets requests in flight finish), give
    them gunicorn's graceful timeout and a little more, then kill whatever of them is left."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + GRACEFUL_TIMEOUT + 5
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
    for child in children:
        _signal_group(child, signal.SIGKILL)
        child.wait()


def _signal_group(child: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already ended
        os.killpg(child.pid, sig)


def gunicorn_options(host: str, port: int) -> list[str]:
    """Page views are Python work, so one process per core and a second on each to cover the
    time spent waiting on the database; a few threads per process keep connections of slow
    clients from holding a process. ZIZHU_WEB_WORKERS overrides the number of processes."""
    workers = int(os.environ.get("ZIZHU_WEB_WORKERS") or 2 * (os.cpu_count() or 1))
    return [
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", "4",
        # An xlsx report or a bank file of a whole city takes a while to build.
        "--timeout", "300", "--graceful-timeout", str(GRACEFUL_TIMEOUT),
        # The control socket is one path per user: a second server would take the first's.
        "--no-control-socket",
    ]  # fmt: skip


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

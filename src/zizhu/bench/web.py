"""The web load on the bench's finished term: `zizhu serve` on loopback, then locust (headless,
scripts/locustfile.py: 20 officers reading the busiest pages without pause) as a city officer
and as the largest county's officer. A first short run as the city warms the caches and is not
counted. Reported per run: requests, failures, p50 and p95 over every request (the 20 sign-ins
included), the slowest page's p95 (the target's measure: every page under 300 ms), and the
peak memory of the server's processes (VmHWM of each, read before it stops)."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zizhu.bench._run import run_logged, zizhu_command

LOCUSTFILE = Path(__file__).resolve().parents[3] / "scripts" / "locustfile.py"
PASSWORD = "Bench-web-2019!"
COUNTY = "440881"  # the demo city's largest county (318,000 students at scale 1)
USERS = 20
WARM_SECONDS = 10  # 20 sign-ins take a few seconds of it (each a deliberate 0.3 s of PBKDF2)


@dataclass
class WebRun:
    who: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    slowest_page: str
    slowest_p95_ms: float

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {
        k: v.strip() for k, v in (line.split(":", 1) for line in text.splitlines() if ":" in line)
    }


def _peak_mib(root: int) -> float:
    """The highest peak RSS (VmHWM) among the server's processes: `zizhu serve`, gunicorn's
    master and workers, the background worker."""
    parents = {p.name: _status(p.name).get("PPid", "") for p in Path("/proc").glob("[0-9]*")}
    tree, todo = set(), [str(root)]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return max((int(_status(pid).get("VmHWM", "0 kB").split()[0]) / 1024 for pid in tree),
               default=0.0)  # fmt: skip


def _locust(port: int, user: str, seconds: int, prefix: Path, env: dict[str, str]) -> WebRun:
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--host", f"http://127.0.0.1:{port}", "--users", str(USERS), "--spawn-rate", str(USERS),
        "--run-time", f"{seconds}s", "--only-summary", "--csv", str(prefix),
    ]  # fmt: skip
    run_logged(command, prefix.with_name(prefix.name + "-locust"),
               {**env, "ZIZHU_LOAD_USER": user, "ZIZHU_PASSWORD": PASSWORD})  # fmt: skip
    with prefix.with_name(prefix.name + "_stats.csv").open(newline="") as stats:
        rows = list(csv.DictReader(stats))
    pages = [r for r in rows if r["Name"] not in ("Aggregated", "sign-in")]
    whole = next(r for r in rows if r["Name"] == "Aggregated")
    # No page at all: the run was shorter than the users' sign-ins; it reports 0 requests.
    slowest = max(pages, key=lambda r: float(r["95%"]), default={"Name": "—", "95%": "0"})
    return WebRun(
        who=user, requests=int(whole["Request Count"]), failures=int(whole["Failure Count"]),
        p50_ms=float(whole["50%"]), p95_ms=float(whole["95%"]), slowest_page=slowest["Name"],
        slowest_p95_ms=float(slowest["95%"]),
    )  # fmt: skip


def run_web_load(out: Path, env: dict[str, str], seconds: int) -> tuple[list[WebRun], float]:
    """The runs (city, county) and the server's peak memory in MiB."""
    logs = out / "logs"
    env = {**env, "ZIZHU_PASSWORD": PASSWORD, "ZIZHU_VAR_DIR": str(out / "var")}
    for user, role in (("benchcity", ["--role", "CITY"]),
                       ("benchcounty", ["--role", "COUNTY", "--county", COUNTY])):  # fmt: skip
        run_logged(zizhu_command("createuser", user, *role), logs / f"web-user-{user}", env)
    port = _free_port()
    with (logs / "web-serve.log").open("wb") as log:
        server = subprocess.Popen(zizhu_command("serve", "--port", str(port)), env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"zizhu serve did not start: see {logs / 'web-serve.log'}")
            time.sleep(0.5)
        _locust(port, "benchcity", WARM_SECONDS, logs / "web-warm", env)
        runs = [_locust(port, user, seconds, logs / f"web-{user}", env)
                for user in ("benchcity", "benchcounty")]  # fmt: skip
        return runs, _peak_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def web_table(runs: list[WebRun], peak_mib: float) -> str:
    lines = [
        f"{USERS} 用户 users   请求 requests  失败 failures   p50 ms   p95 ms"
        "   最慢页面 slowest page p95"
    ]
    for r in runs:
        lines.append(f"{r.who:<18}{r.requests:>14,}{r.failures:>14,}{r.p50_ms:>9.0f}"
                     f"{r.p95_ms:>9.0f}   {r.slowest_page} {r.slowest_p95_ms:.0f} ms")  # fmt: skip
    lines.append(f"服务进程峰值内存 server's peak memory: {peak_mib:,.0f} MiB")
    return "\n".join(lines)

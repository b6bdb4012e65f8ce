"""A small load check of the web pages on loopback: N virtual users, each signed in once,
requesting pages in turn until a request count or a time limit is reached; p50/p95 per page.

    ZIZHU_PASSWORD=... python scripts/load_test.py --port 8000 --user loadtest \
        --users 20 --requests 400 --seconds 120

Standard library only (threads and http.client). Loopback only: the host is 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict

HOST = "127.0.0.1"
PAGES = {
    "dashboard": "/dashboard/",
    "students": "/students/?q=%E6%9D%8E",  # ?q=李
    "aid list": "/aid/SEN_GRANT/",
    "payments": "/payments/",
    "findings": "/findings/",
    "report": "/report/",
}


class VirtualUser:
    def __init__(self, port: int, username: str, password: str) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}
        self._sign_in(username, password)

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep(self, response: http.client.HTTPResponse) -> bytes:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.read()

    def get(self, path: str) -> int:
        try:
            return self._get(path)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection: a browser opens a new one.
            self.connection.close()
            return self._get(path)

    def _get(self, path: str) -> int:
        self.connection.request("GET", path, headers=self._headers())
        response = self.connection.getresponse()
        self._keep(response)
        return response.status

    def _sign_in(self, username: str, password: str) -> None:
        self.connection.request("GET", "/login/")
        page = self._keep(self.connection.getresponse()).decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("no CSRF token on the sign-in page")
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        )
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"http://{HOST}/login/"}  # fmt: skip
        self.connection.request("POST", "/login/", body=body, headers=headers)
        response = self.connection.getresponse()
        self._keep(response)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"sign-in failed for {username}: HTTP {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--user", default="loadtest")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600, help="in all, over every user")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop after this long")
    args = parser.parse_args()
    password = os.environ["ZIZHU_PASSWORD"]
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    budget = iter(range(args.requests))
    deadline = time.monotonic() + args.seconds
    pages = list(PAGES.items())

    users = [VirtualUser(args.port, args.user, password) for _ in range(args.users)]

    def run(user: VirtualUser, offset: int) -> None:
        n = offset
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    return
            name, path = pages[n % len(pages)]
            n += 1
            started = time.perf_counter()
            status = user.get(path)
            took = (time.perf_counter() - started) * 1000
            with lock:
                times[name].append(took)
                if status != 200:
                    errors[name] += 1

    threads = [threading.Thread(target=run, args=(u, i)) for i, u in enumerate(users)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    total = sum(len(v) for v in times.values())
    print(f"{args.users} users, {total} requests in {wall:.1f} s ({total / wall:.1f} req/s)")
    print(f"{'page':<12}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'errors':>8}")
    for name, _ in pages:
        values = sorted(times[name])
        if not values:
            continue
        p95 = (
            statistics.quantiles(values, n=20, method="inclusive")[-1]
            if len(values) > 1
            else values[0]
        )
        print(f"{name:<12}{len(values):>6}{statistics.median(values):>10.0f}{p95:>10.0f}"
              f"{values[-1]:>10.0f}{errors[name]:>8}")  # fmt: skip


if __name__ == "__main__":
    main()

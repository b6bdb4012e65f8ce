"""The web tests' small city and users, for the attacks of this package; users to attack at
sign-in, and a real `zizhu serve` to attack them on.

The in-process tests drive the real views through Django's test client; the server tests
start `zizhu serve` (gunicorn's processes and threads, the production settings) on a database
of their own and read that database directly to see what the server did.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.cli import finish, zizhu
from tests.web.conftest import city, fast_web, paid_city  # noqa: F401  (fixtures)
from zizhu.web.users import user_create

PASSWORD = "Zizhu-Security-2019"


@pytest.fixture(autouse=True)
def fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db) -> None:  # type: ignore[no-untyped-def]
    """wang and li: two city officers, real users with the same password."""
    for username in ("wang", "li"):
        user_create(actor="test", username=username, password=PASSWORD, role="CITY")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    body: str
    headers: http.client.HTTPMessage
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    """A running `zizhu serve`: its port, its database and its var folder."""

    port: int
    database: str
    var: Path
    process: subprocess.Popen[bytes]

    def request(self, method: str, path: str, *, body: dict[str, str] | None = None,
                cookies: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Answer:  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = dict(headers or {})
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        encoded = None
        if body is not None:
            encoded = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=encoded, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.read().decode("utf-8", "replace"),
                            response.headers)  # fmt: skip
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            answer.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer

    def sign_in_form(self, headers: dict[str, str] | None = None) -> tuple[dict[str, str], str]:
        """A fresh visitor's cookies and CSRF token from the sign-in page."""
        page = self.request("GET", "/login/", headers=headers)
        assert page.status == 200, page.body
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token is not None
        return page.cookies, token.group(1)

    def sign_in(self, username: str, password: str, *,
                headers: dict[str, str] | None = None) -> Answer:  # fmt: skip
        cookies, token = self.sign_in_form(headers)
        return self.request("POST", "/login/", cookies=cookies, headers=headers, body={
            "username": username, "password": password, "csrfmiddlewaretoken": token})  # fmt: skip

    def stop(self) -> None:
        """Ctrl-C, as an operator stops it; wait until every process of it has ended."""
        self.process.send_signal(signal.SIGINT)
        self.process.communicate(timeout=60)

    def query_write(self, sql: str) -> None:
        """Change the server's own database behind its back (to break it)."""
        if self.database.startswith("sqlite"):
            with sqlite3.connect(self.database.removeprefix("sqlite:///")) as conn:
                conn.execute(sql)
            return
        with psycopg.connect(self.database, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Read the server's own database."""
        if self.database.startswith("sqlite"):
            with sqlite3.connect(self.database.removeprefix("sqlite:///")) as conn:
                return conn.execute(sql).fetchall()
        with psycopg.connect(self.database) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def run_zizhu(database: str, var: Path, *args: str, **env: str) -> str:
    return finish(zizhu(database, var, *args, **env))


@pytest.fixture
def start_server(database: str, tmp_path: Path) -> Iterator[Any]:
    """start_server(*serve_args, **env) -> Server. The database holds wang and li; every
    server started is stopped at the end, leaving no process behind."""
    started: list[subprocess.Popen[bytes]] = []
    var = tmp_path / "var"
    for username in ("wang", "li"):
        run_zizhu(database, var, "createuser", username, "--role", "CITY",
                  ZIZHU_PASSWORD=PASSWORD)  # fmt: skip

    def start(*args: str, **env: str) -> Server:
        port = free_port()
        process = zizhu(database, var, "serve", "--port", str(port), *args,
                        ZIZHU_WEB_WORKERS="2", **env)  # fmt: skip
        started.append(process)
        server = Server(port, database, var, process)
        deadline = time.monotonic() + 60
        while True:
            try:
                server.request("GET", "/login/", headers={"X-Forwarded-Proto": "https"})
                return server
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.kill()

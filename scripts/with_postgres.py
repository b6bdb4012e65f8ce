#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server started from the machine's binaries.

    python scripts/with_postgres.py [--fast] -- COMMAND ...

initdb/pg_ctl refuse to run as root, so the server runs as the `postgres` user (through runuser
when we are root) in a temporary folder it owns, on 127.0.0.1 and a free port. DATABASE_URL is
set for the command; the server is stopped and its folder removed at the end, whatever happens.
--fast turns off fsync (tests only: a crash would lose data, which tests do not care about).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if not candidates:
        sys.exit(f"with_postgres: {name} not found (install PostgreSQL 15 server binaries)")
    return candidates[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def main(argv: list[str]) -> int:
    fast = "--fast" in argv[: argv.index("--")] if "--" in argv else False
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1 :]
    folder = tempfile.mkdtemp(prefix="zizhu-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = os.path.join(folder, "data")
    port = free_port()
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    subprocess.run(
        as_postgres([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--locale=C", "--no-sync"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=50"
    if fast:
        options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    log = os.path.join(folder, "server.log")
    try:
        subprocess.run(
            as_postgres([pg_ctl, "-D", data, "-o", options, "-l", log, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        env = {**os.environ, "DATABASE_URL": url}
        deadline = time.monotonic() + 30
        while subprocess.run(
            [find_binary("pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
        ).returncode:
            if time.monotonic() > deadline:
                sys.exit("with_postgres: the server did not become ready")
            time.sleep(0.2)
        print(f"with_postgres: PostgreSQL on 127.0.0.1:{port}", file=sys.stderr)
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run(
            as_postgres([pg_ctl, "-D", data, "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

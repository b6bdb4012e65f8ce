"""Sample the resident memory of a process and its descendants once a second until killed;
then print each process's peak (command line and MB). Used by scripts/load.sh."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    root = int(sys.argv[1])
    peaks: dict[int, tuple[float, str]] = {}

    def report(*_: object) -> None:
        for pid, (mb, command) in sorted(peaks.items(), key=lambda item: -item[1][0]):
            print(f"{mb:8.0f} MB  {pid:>7}  {command[:100]}")
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    while True:
        for pid in _tree(root):
            try:
                mb = _rss_mb(pid)
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if mb > peaks.get(pid, (0.0, ""))[0]:
                peaks[pid] = (mb, command)
        time.sleep(1)


if __name__ == "__main__":
    main()

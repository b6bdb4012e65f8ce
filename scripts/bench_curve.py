#!/usr/bin/env python3
"""The growth curve (BENCHMARKS.md "Growth curve"): `zizhu bench` at each scale on a fresh
PostgreSQL server (fsync on), one term end to end and the web load, then one table of every
step's time, rows per second and peak memory by scale, with each step's time against scale 1.

    python scripts/bench_curve.py [--scales 0.25,0.5,1,2,4] [--web 30] [--out var/curve]
    python scripts/bench_curve.py --table-only --out var/curve     # the table of runs made

Each scale's files and logs stay under OUT/SCALE (regenerated unless made for that scale).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(scale: str, out: Path, web: int) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "with_postgres.py"), "--",
               str(ROOT / ".venv" / "bin" / "zizhu"), "bench", "--scale", scale,
               "--out", str(out / scale), "--keep", "--web", str(web)]  # fmt: skip
    with (out / f"{scale}.txt").open("w") as log:
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)


def _step(document: dict, name: str) -> dict | None:
    step = next((s for s in document["steps"] if s["step"] == name), None)
    return None if step is None or step.get("failure") else step


def _table(out: Path, scales: list[str]) -> str:
    """Four tables: seconds (with scale 4 against scale 1), rows per second, peak memory of
    the step's process, and the web load."""
    runs = {s: json.loads((out / s / "bench.json").read_text())
            for s in scales if (out / s / "bench.json").exists()}  # fmt: skip
    if not runs:
        return "no runs"
    names = [step["step"] for step in next(iter(runs.values()))["steps"]]
    head = "| step | " + " | ".join(f"scale {s}" for s in runs) + " |"
    rule = "|---|" + "---:|" * len(runs)
    ratio = "1" in runs and "4" in runs

    def table(title: str, cell: Callable[[dict], str], with_ratio: bool = False) -> list[str]:
        lines = [f"\n{title}\n", head + (" scale 4 / scale 1 |" if with_ratio else ""),
                 rule + ("---:|" if with_ratio else "")]  # fmt: skip
        for name in names:
            steps = [_step(d, name) for d in runs.values()]
            row = f"| {name} | " + " | ".join(cell(s) if s else "—" for s in steps) + " |"
            if with_ratio:
                one, four = _step(runs["1"], name), _step(runs["4"], name)
                row += f" {four['seconds'] / one['seconds']:.2f}× |" if one and four else " |"
            lines.append(row)
        return lines

    lines = table("Seconds (wall; the rosters two files at a time):",
                  lambda s: f"{s['seconds']:.1f}", with_ratio=ratio)  # fmt: skip
    lines += table(
        "Rows per second (rows: the step's unit, see the bench's output):",
        lambda s: f"{s['rows'] / s['seconds']:,.0f}" if s["seconds"] else "",
    )
    lines += table("Peak memory of the step's process, MiB:", lambda s: f"{s['peak_mib']:,}")
    lines += ["\nWeb, 20 users without pause, 30 s each: p95 of every request / of the slowest "
              "page (which), ms; the server's peak memory\n", head, rule]  # fmt: skip
    for who in ("benchcity", "benchcounty"):
        cells = []
        for document in runs.values():
            web = document.get("web") or {}
            run = next((r for r in web.get("runs", []) if r["who"] == who), None)
            text = f"{run['p95_ms']:.0f} / {run['slowest_p95_ms']:.0f}" if run else "—"
            if run:
                text += f" ({run['slowest_page']}); {web['peak_mib']} MiB"
            cells.append(text)
        lines.append(f"| {who} | " + " | ".join(cells) + " |")
    first = next(iter(runs.values()))
    lines.append(f"\n{first['database']}; {first['machine']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.25,0.5,1,2,4")
    parser.add_argument("--web", type=int, default=30, help="seconds of each web run (0: none)")
    parser.add_argument("--out", default=str(ROOT / "var" / "curve"))
    parser.add_argument("--table-only", action="store_true")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    scales = args.scales.split(",")
    if not args.table_only:
        for scale in scales:
            print(f"scale {scale} …", file=sys.stderr, flush=True)
            _run(scale, out, args.web)
    print(_table(out, scales))
    return 0


if __name__ == "__main__":
    sys.exit(main())

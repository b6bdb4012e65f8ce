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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(scale: str, out: Path, web: int) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "with_postgres.py"), "--",
               str(ROOT / ".venv" / "bin" / "zizhu"), "bench", "--scale", scale,
               "--out", str(out / scale), "--keep", "--web", str(web)]  # fmt: skip
    with (out / f"{scale}.txt").open("w") as log:
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)


def _table(out: Path, scales: list[str]) -> str:
    runs = {}
    for scale in scales:
        path = out / scale / "bench.json"
        if path.exists():
            runs[scale] = json.loads(path.read_text())
    if not runs:
        return "no runs"
    base = runs.get("1") or runs.get("1.0")
    lines = ["| step | " + " | ".join(f"scale {s}" for s in runs) + " | scale 4 / scale 1 |",
             "|---|" + "---:|" * (len(runs) + 1)]  # fmt: skip
    names = [step["step"] for step in next(iter(runs.values()))["steps"]]
    for name in names:
        cells = []
        for document in runs.values():
            step = next((s for s in document["steps"] if s["step"] == name), None)
            if step is None or step.get("failure"):
                cells.append("failed" if step else "—")
                continue
            rate = step["rows"] / step["seconds"] if step["seconds"] else 0
            cells.append(f"{step['seconds']:.1f} s · {step['rows']:,} · {rate:,.0f}/s · "
                         f"{step['peak_mib']:,} MiB")  # fmt: skip
        ratio = ""
        top = runs.get("4")
        if base and top:
            one = next((s for s in base["steps"] if s["step"] == name), None)
            four = next((s for s in top["steps"] if s["step"] == name), None)
            if one and four and one["seconds"] and not four.get("failure"):
                ratio = f"{four['seconds'] / one['seconds']:.2f}×"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    for who in ("benchcity", "benchcounty"):
        cells = []
        for document in runs.values():
            web = document.get("web") or {}
            run = next((r for r in web.get("runs", []) if r["who"] == who), None)
            cells.append(f"p95 {run['p95_ms']:.0f} ms (slowest {run['slowest_page']} "
                         f"{run['slowest_p95_ms']:.0f}) · {web['peak_mib']} MiB"
                         if run else "—")  # fmt: skip
        lines.append(f"| web, 20 users, {who} | " + " | ".join(cells) + " | |")
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

"""`zizhu bench`: generate a synthetic city, import every file as an operator would (one
`zizhu import` process per file, in the order data flows), then run the term to its end
(zizhu.bench.term: entitle, approve, export, returns, audit, report), and print what each
step took; the figures also go to `bench.json` under --out, for the growth curve."""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zizhu.bench._report import database, machine, table, total
from zizhu.bench._run import Measurement, run_import, run_logged
from zizhu.bench.term import Step, run_term_steps, steps_table
from zizhu.bench.web import run_web_load, web_table
from zizhu.demo import places_commands
from zizhu.synth.city import write_city
from zizhu.synth.seed2019 import TERMS

TERM = TERMS[1]  # the demo city's autumn term
SEED = 2019
# The files are UTF-8 CSV: at scale 1 xlsxwriter needs minutes to write the .xlsx files (about
# 200,000 cells a second), and the importers read CSV about twice as fast as .xlsx, so .xlsx
# would measure the spreadsheet libraries more than the importers.
FORMAT = "csv"
MANIFEST = "city.json"


def _city_files(scale: float, out: Path, keep: bool) -> tuple[list[tuple[str, Path]], str]:
    """The files in flow order, reused when `keep` and they were made for this scale."""
    manifest = out / MANIFEST
    wanted = {"scale": scale, "seed": SEED, "term": TERM, "format": FORMAT}
    if keep and manifest.exists():
        saved = json.loads(manifest.read_text())
        files = [(kind, out / name) for kind, name in saved.get("files", [])]
        if {k: saved.get(k) for k in wanted} == wanted and all(p.exists() for _, p in files):
            return files, f"复用 reused {len(files)} files in {out}"
    started = time.perf_counter()
    flow = write_city(out, scale=scale, seed=SEED, term=TERM, fmt=FORMAT).in_flow_order()
    seconds = time.perf_counter() - started
    names = [[kind, path.name] for kind, path in flow]
    manifest.write_text(json.dumps({**wanted, "files": names}, ensure_ascii=False, indent=1))
    return flow, f"生成 generated {len(flow)} {FORMAT} files in {out} in {seconds:.1f} s"


def _environment(out: Path, scale: float) -> tuple[dict[str, str], str]:
    """The imports' environment: DATABASE_URL as given, else a fresh SQLite file under out."""
    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    if not url:
        db = out / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = env["DATABASE_URL"] = f"sqlite:///{db}"
    env.setdefault("ZIZHU_ERRORS_DIR", str(out / "errors"))
    # Past Zhanjiang's size a county's roster outgrows the default 200 MB upload limit (at
    # scale 4 the largest is 238 MB): a bureau that size raises it, as the bench does.
    env.setdefault("ZIZHU_IMPORT_MAX_MB", str(max(200, int(100 * scale) + 100)))
    env["DJANGO_SETTINGS_MODULE"] = "zizhu.settings"
    return env, url


def _progress(done: int, count: int, m: Measurement) -> None:
    outcome = m.failure or f"{m.rows:,} rows"
    print(f"[{done}/{count}] {m.kind} {m.file.name}: {m.seconds:.1f} s, {outcome}", file=sys.stderr)


def _import_all(
    files: list[tuple[str, Path]], logs: Path, env: dict[str, str], jobs: int
) -> tuple[list[Measurement], float]:
    """Every file in flow order; the county rosters `jobs` at a time, as counties upload at
    once (the database still writes one at a time). Returns the roster phase's wall time."""
    numbered = [(n, kind, path) for n, (kind, path) in enumerate(files, start=1)]
    results: dict[int, Measurement] = {}

    def one(item: tuple[int, str, Path]) -> None:
        n, kind, path = item
        results[n] = run_import(kind, path, TERM, logs / f"{n:02d}-{kind}-{path.stem}", env)
        _progress(len(results), len(files), results[n])

    rosters = [item for item in numbered if item[1] == "students"]
    first = rosters[0][0] if rosters else len(files) + 1
    for item in numbered:
        if item[0] < first:
            one(item)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        list(pool.map(one, rosters))
    roster_wall = time.perf_counter() - started
    for item in numbered:
        if item[0] > first and item[1] != "students":
            one(item)
    return [results[n] for n in sorted(results)], roster_wall


def run_import_benchmark(
    scale: float, out: Path, keep: bool, jobs: int = 2, term_steps: bool = True,
    web_seconds: int = 0,
) -> None:  # fmt: skip
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    files, made = _city_files(scale, out, keep)
    env, url = _environment(out, scale)
    logs = out / "logs"
    code, migrate_seconds, _ = run_logged(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"], logs / "00-migrate", env
    )
    if code != 0:
        print(f"建库失败 migrate failed: see {logs / '00-migrate.err'}", file=sys.stderr)
    # The city's counties, terms and catalogue, loaded as an operator would first.
    for n, command in enumerate(places_commands(), start=1):
        log = logs / f"00-setup-{n}"
        if run_logged([sys.executable, "-m", "zizhu.cli", *command], log, env)[0] != 0:
            print(f"载入失败 set-up failed: see {log}.err", file=sys.stderr)
    measured, roster_wall = _import_all(files, logs, env, jobs)
    rosters = [m for m in measured if m.kind == "students"]
    totals = [
        (total("students", rosters), f"学生名册合计 roster, {len(rosters)} files"),
        (total("all", measured), f"全部合计 all, {len(measured)} files"),
    ]
    print(f"导入基准测试 Import benchmark: scale {scale:g}, term {TERM}")
    print(f"机器 machine: {machine()}")
    print(f"数据库 database: {database(url)}")
    print(f"数据 data: {made}")
    print(f"建库 migrate: {migrate_seconds:.1f} s\n")
    print(table(measured, totals))
    print(
        f"\n学生名册墙钟时间 roster wall time, {len(rosters)} files, {jobs} at a time: "
        f"{roster_wall:.1f} s ({sum(m.rows for m in rosters) / max(roster_wall, 1e-9):,.0f} rows/s)"
    )
    steps: list[Step] = []
    if term_steps and not any(m.failure for m in measured):
        steps = run_term_steps(TERM, out, logs, env)
        print(f"\n学期全程 the term after its imports, one process per step:\n{steps_table(steps)}")
    web: dict[str, object] = {}
    if web_seconds and steps and not any(s.failure for s in steps):
        runs, peak = run_web_load(out, env, web_seconds)
        print(f"\n网页负载 web load, {web_seconds} s a run:\n{web_table(runs, peak)}")
        web = {"seconds": web_seconds, "runs": [r.as_json() for r in runs], "peak_mib": round(peak)}
    if any(m.rejected for m in measured):
        print(f"\n错误文件 error files: {env['ZIZHU_ERRORS_DIR']}")
    if any(m.failure for m in measured) or any(s.failure for s in steps):
        print(f"失败的步骤见日志 failed steps: see {logs}")
    _figures_save(out / "bench.json", scale, url, measured, roster_wall, steps, web)


def _group(name: str, parts: list[Measurement], wall: float | None = None) -> dict[str, object]:
    """Imports of a kind as one step of the curve: their rows, wall time (the rosters, run
    `jobs` at a time) or summed time, the highest peak, the first failure."""
    return {
        "step": name, "rows": sum(m.rows for m in parts), "unit": "行 rows",
        "seconds": round(wall if wall is not None else sum(m.seconds for m in parts), 2),
        "peak_mib": round(max((m.peak_mib for m in parts), default=0)),
        "failure": next((m.failure for m in parts if m.failure), None),
    }  # fmt: skip


def _figures_save(
    path: Path, scale: float, url: str, measured: list[Measurement], roster_wall: float,
    steps: list[Step], web: dict[str, object],
) -> None:  # fmt: skip
    """The run's figures as JSON (scripts/bench_curve.py reads them)."""
    imports = [
        _group("学生名册 rosters", [m for m in measured if m.kind == "students"], roster_wall),
        _group("其他导入 other imports", [m for m in measured if m.kind != "students"]),
    ]
    document = {
        "scale": scale, "database": database(url), "machine": machine(),
        "steps": imports + [s.as_json() for s in steps], "web": web,
    }  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1))

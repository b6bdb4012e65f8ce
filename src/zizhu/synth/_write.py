"""Writing tables as .xlsx (xlsxwriter, constant_memory) or UTF-8 .csv (polars).

Every cell is written as text: ID numbers, accounts and codes must never become numbers.
xlsxwriter is pure Python (about 200,000 cells a second), so a large set of .xlsx files is
shared among one child process per core (`python -m zizhu.synth._write`), each given its
tables as Arrow files: children started fresh, rather than forked from a process running
polars' thread pool (which can deadlock) or spawned through multiprocessing (which re-imports
the caller's main module).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import xlsxwriter

# Below this many rows in all, starting child processes costs more than it saves.
_PARALLEL_FROM_ROWS = 100_000

Job = tuple[pl.DataFrame, Path, str]  # table, file, sheet name


def write_table(frame: pl.DataFrame, path: Path, sheet: str) -> Path:
    """One table with its header in row 1; the container is the path's suffix."""
    frame = frame.select(pl.all().cast(pl.String))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        frame.write_csv(path)
        return path
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        worksheet = workbook.add_worksheet(sheet)
        worksheet.set_column(0, frame.width - 1, 16)
        write = worksheet.write_string  # the hot loop: no type dispatch, empty cells skipped
        for column, header in enumerate(frame.columns):
            write(0, column, header)
        for row, values in enumerate(frame.iter_rows(), start=1):
            for column, value in enumerate(values):
                if value is not None:
                    write(row, column, value)
    finally:
        workbook.close()
    return path


def _cells(job: Job) -> int:
    return job[0].height * job[0].width


def write_tables(jobs: list[Job]) -> list[Path]:
    """Write (frame, path, sheet) jobs, sharing large .xlsx ones among the cores."""
    slow = [job for job in jobs if job[1].suffix == ".xlsx"]
    workers = min(os.cpu_count() or 1, len(slow))
    if sum(job[0].height for job in slow) < _PARALLEL_FROM_ROWS or workers < 2:
        return [write_table(*job) for job in jobs]
    for job in jobs:
        if job[1].suffix != ".xlsx":
            write_table(*job)
    # Largest first, each to the child with the fewest cells so far.
    shares: list[list[Job]] = [[] for _ in range(workers)]
    for job in sorted(slow, key=lambda job: -_cells(job)):
        min(shares, key=lambda share: sum(_cells(j) for j in share)).append(job)
    with tempfile.TemporaryDirectory(prefix="zizhu-synth-") as folder:
        children = []
        for n, share in enumerate(shares):
            args = []
            for i, (frame, path, sheet) in enumerate(share):
                arrow = Path(folder) / f"{n}-{i}.arrow"
                frame.write_ipc(arrow)
                args += [str(arrow), str(path), sheet]
            children.append(subprocess.Popen([sys.executable, "-m", __name__, *args]))
        failed = sum(child.wait() != 0 for child in children)
    if failed:
        raise RuntimeError(f"writing spreadsheets failed in {failed} child process(es)")
    return [path for _, path, _ in jobs]


def main(argv: list[str]) -> int:
    """ARROW XLSX SHEET [ARROW XLSX SHEET ...]: write each Arrow table as a spreadsheet."""
    for i in range(0, len(argv), 3):
        arrow, path, sheet = argv[i : i + 3]
        write_table(pl.read_ipc(arrow), Path(path), sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The bank file's writer against the well-kept alternatives, side by side (BENCHMARKS.md).

    .venv/bin/python scripts/bench_xlsx.py [ROWS]      # default 330,000: a term's payments

Each writer writes the same 代发明细 sheet (10 columns: text IDs and accounts, a whole 序号,
money from whole fen) into a file of its own; each file is then read back by openpyxl and by
zizhu's own reader, and every cell compared with what was written: the 序号 and the amount as
numbers exactly (the amount to the fen), the IDs and accounts as the same text, the ID and
account columns as text cells (format "@"). Figures: seconds to write and the peak resident
memory of the writing process (each writer runs in a process of its own), the file's size,
and whether the file read back exactly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings")

HEADER = ["批次号", "序号", "收款人姓名", "收款人身份证号", "收款账号", "开户银行", "金额", "摘要",
          "学生姓名", "学生身份证件号"]  # fmt: skip
TEXT_COLUMNS = (0, 2, 3, 4, 5, 7, 8, 9)
Row = tuple[str, int, str, str, str, str, int, str, str, str]


def rows(count: int) -> Iterator[Row]:
    """A term's payments, deterministic; amounts in whole fen, some with odd cents."""
    for n in range(count):
        fen = (150_000, 100_000, 62_500, 31_250, 18_750, 99_999_999)[n % 6] + (n % 7)
        yield (
            "P2019-2-440802-JDLK_LIVING-001", n + 1, f"收款人{n % 997}",
            f"4408022008{n % 10**8:08d}", f"62170000{n:011d}", "中国农业银行湛江分行", fen,
            "2019年秋季学期建档立卡贫困学生生活费补助", f"学生{n % 991}",
            f"4408022008{(n * 7) % 10**8:08d}",
        )  # fmt: skip


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


# ---- the writers ---------------------------------------------------------------------------


def write_zizhu(path: Path, count: int) -> None:
    from zizhu.core.xlsx import INT, MONEY, TEXT, Workbook

    kinds = [TEXT, INT, TEXT, TEXT, TEXT, TEXT, MONEY, TEXT, TEXT, TEXT]
    with Workbook(path) as book:
        book.sheet("代发明细", HEADER, kinds, rows(count))
        book.close()


def write_rustpy(path: Path, count: int) -> None:
    """rustpy-xlsxwriter: records are dicts; money goes through a float (there is no other
    numeric input), with the "0.00" format; text columns get the "@" format."""
    from rustpy_xlsxwriter import FastExcel, Format

    def records() -> Iterator[dict[str, object]]:
        for row in rows(count):
            record: dict[str, object] = dict(zip(HEADER, row, strict=True))
            record["金额"] = row[6] / 100
            yield record

    formats = {HEADER[i]: Format().set_num_format("@") for i in TEXT_COLUMNS}
    formats["金额"] = Format().set_num_format("0.00")
    FastExcel(str(path)).sheet("代发明细", records(), column_formats=formats).save()


def write_pyexcelerate(path: Path, count: int) -> None:
    """pyexcelerate: rows of values; money as an exact Decimal; styles per column."""
    from pyexcelerate import Format, Style, Workbook

    data: list[list[object]] = [list(HEADER)]
    data += [[*row[:6], Decimal(row[6]) / 100, *row[7:]] for row in rows(count)]
    book = Workbook()
    sheet = book.new_sheet("代发明细", data=data)
    text = Style(format=Format("@"))
    for column in TEXT_COLUMNS:
        sheet.set_col_style(column + 1, text)
    sheet.set_col_style(7, Style(format=Format("0.00")))
    book.save(str(path))


WRITERS: dict[str, Callable[[Path, int], None]] = {
    "zizhu.core.xlsx (in the project)": write_zizhu,
    "rustpy-xlsxwriter 0.8": write_rustpy,
    "pyexcelerate 0.13": write_pyexcelerate,
}


# ---- reading back --------------------------------------------------------------------------


def check_openpyxl(path: Path, count: int) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book["代发明细"]
    got = sheet.iter_rows(values_only=True)
    if list(next(got)) != HEADER:
        return "header differs"
    for expected, row in zip(rows(count), got, strict=False):
        if [row[i] for i in TEXT_COLUMNS] != [expected[i] for i in TEXT_COLUMNS]:
            return f"text differs at 序号 {expected[1]}"
        if row[1] != expected[1] or Decimal(str(row[6])) != Decimal(yuan(expected[6])):
            return f"number differs at 序号 {expected[1]}: {row[1]!r} {row[6]!r}"
    book.close()
    return "exact"


def check_text_format(path: Path) -> str:
    """The ID and account cells carry the text format, as formats.md asks."""
    import openpyxl

    sheet = openpyxl.load_workbook(path)["代发明细"] if _small(path) else None
    if sheet is None:
        return "(not checked: file too large to load whole)"
    cells = [sheet.cell(2, i + 1).number_format for i in (3, 4, 9)]
    return "text" if all(f == "@" for f in cells) else f"formats {cells}"


def _small(path: Path) -> bool:
    return path.stat().st_size < 40 * 2**20


def check_reader(path: Path, count: int) -> str:
    import django

    django.setup()
    from zizhu.intake.layout import Column, Layout
    from zizhu.intake.reader import read_table

    layout = Layout("bank", "代发明细", tuple(Column(h, f"c{i}") for i, h in enumerate(HEADER)))
    table = read_table(path, layout)
    frame = table.frame
    if frame.height != count:
        return f"{frame.height} rows read"
    for expected, got in zip(rows(count), frame.iter_rows(), strict=True):
        cells = got[1:]
        if [cells[i] for i in TEXT_COLUMNS] != [expected[i] for i in TEXT_COLUMNS]:
            return f"text differs at 序号 {expected[1]}"
        if Decimal(cells[6]) != Decimal(yuan(expected[6])) or int(cells[1]) != expected[1]:
            return f"number differs at 序号 {expected[1]}: {cells[1]!r} {cells[6]!r}"
    return "exact"


def _write_measured(name: str, path: Path, count: int) -> tuple[float, float]:
    """Write in a process of its own: (seconds, that process's peak resident MB)."""
    child = subprocess.Popen([sys.executable, __file__, "--write", name, str(path), str(count)])
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{name} failed")
    return float(path.with_suffix(".seconds").read_text()), usage.ru_maxrss / 1024


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        name, path, count = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        started = time.perf_counter()
        WRITERS[name](path, count)
        path.with_suffix(".seconds").write_text(str(time.perf_counter() - started))
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 330_000
    print(f"{count:,} rows of 代发明细; load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'writer':<38}{'write s':>9}{'peak MB':>9}{'file MB':>9}  openpyxl / zizhu reader")
    with tempfile.TemporaryDirectory() as folder:
        for n, name in enumerate(WRITERS):
            path = Path(folder) / f"writer{n}.xlsx"
            seconds, peak = _write_measured(name, path, count)
            size = path.stat().st_size / 2**20
            verdict = f"{check_openpyxl(path, count)} / {check_reader(path, count)}"
            print(f"{name:<38}{seconds:>9.1f}{peak:>9.0f}{size:>9.1f}  {verdict}")
            if count <= 20_000:
                print(f"{'':<38}ID and account cells: {check_text_format(path)}")


if __name__ == "__main__":
    main()

"""`zizhu report --compare Y1,Y2`: the year-over-year view (the year report itself is in
zizhu.cli), and how both reports answer. Parse, call, print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zizhu.cli_years import print_json

if TYPE_CHECKING:
    from zizhu.core.scope import Scope

EXIT_OK = 0


def report_compare(args: argparse.Namespace, *, scope: Scope) -> int:
    """`report --compare Y1,Y2`: the year-over-year view, of the city or the user's county (a
    refusal is answered where every command's is, zizhu.cli)."""
    from zizhu.reports.compare import year_compare
    from zizhu.reports.text import compare_lines
    from zizhu.reports.xlsx import year_compare_write

    compare = year_compare(years=args.compare, scope=scope)
    written = year_compare_write(Path(args.xlsx).resolve(), compare) if args.xlsx else None
    return report_answer(args, compare.as_json, compare_lines(compare), written, "年度对比")


def report_answer(
    args: argparse.Namespace,
    as_json: Callable[[], dict[str, Any]],
    lines: list[str],
    written: Path | None,
    what: str,
) -> int:
    """A report's answer: its JSON (--json) or its text, and where its workbook was written
    (on stderr under --json, so that stdout stays one document)."""
    if args.json:
        print_json(as_json())
    else:
        print("\n".join(lines))
    if written:
        print(f"{what}已写入：{written}", file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def two_years(text: str) -> tuple[int, int]:
    """`2019,2020` -> (2019, 2020): two different years."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise argparse.ArgumentTypeError(f"应为两个年度，以逗号分隔，如 2019,2020：{text!r}")
    first, second = int(parts[0]), int(parts[1])
    if first == second:
        raise argparse.ArgumentTypeError(f"两个年度应不同：{text!r}")
    return first, second

"""Roster files for school A (see conftest), with good and bad rows."""

from __future__ import annotations

from pathlib import Path

from tests.ids import break_check, make_id
from tests.registry.roster import roster_file, student
from tests.web.conftest import SCHOOL_A, SCHOOL_C


def school_a_roster(path: Path, *, other_school: bool = False) -> Path:
    """Two good rows and one with a bad ID check character (spreadsheet row 4)."""
    common = {"school": SCHOOL_A, "stage": "普通高中", "grade": "1"}
    rows = [
        student(make_id(birth="20040301", seq=11), name="赵一", **common),
        student(make_id(birth="20040302", seq=13), name="钱二", **common),
        student(break_check(make_id(birth="20040303", seq=15)), name="孙三", **common),
    ]
    if other_school:
        rows.append(student(make_id(birth="20040304", seq=17), name="李四",
                            **{**common, "school": SCHOOL_C}))  # fmt: skip
    return roster_file(path, *rows)

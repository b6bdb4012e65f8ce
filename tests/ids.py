"""Making valid (and deliberately broken) ID numbers for tests."""

from __future__ import annotations

from stdnum.cn import ric


def make_id(region: str = "440802", birth: str = "20050101", seq: int = 123) -> str:
    """A valid 18-character ID; an odd seq is male, an even one female."""
    body = f"{region}{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def break_check(id_number: str) -> str:
    """The same ID with a wrong check character."""
    wrong = "0" if id_number[-1] != "0" else "1"
    return id_number[:-1] + wrong

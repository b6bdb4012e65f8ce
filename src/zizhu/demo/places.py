"""The demo city's places, terms and policy: Zhanjiang's 行政区划 file, the two 2019 terms
and the shipped 2019 catalogue, loaded through the same services an operator's
`zizhu region load`, `zizhu term add` and `zizhu catalogue load` call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from zizhu.aid.services import catalogue_load, term_add
from zizhu.registry.services import region_load

REGIONS_FILE = "湛江市行政区划.csv"
CATALOGUE_FILE = "zhanjiang-2019.toml"
# (code, name, reference date, payment due): spec/policy-2019.md's terms; a payment is due by
# the end of the semester's aid window.
TERM_FACTS = (
    ("2019-1", "2019年春季学期", dt.date(2019, 3, 1), dt.date(2019, 6, 30)),
    ("2019-2", "2019年秋季学期", dt.date(2019, 9, 1), dt.date(2019, 12, 31)),
)


def shipped(name: str) -> Path:
    return Path(settings.CATALOGUES_DIR) / name


def places_load(*, actor: str) -> None:
    """The city, its counties, the 2019 terms and the 2019 catalogue (again: unchanged)."""
    region_load(path=shipped(REGIONS_FILE), actor=actor)
    for code, name, reference, due in TERM_FACTS:
        term_add(code=code, name=name, reference_date=reference, payment_due=due, actor=actor)
    catalogue_load(path=shipped(CATALOGUE_FILE), actor=actor)


def places_commands() -> list[list[str]]:
    """The same set-up as `zizhu` command lines (for benchmarks that run each step as an
    operator would, in processes of their own)."""
    commands = [["region", "load", str(shipped(REGIONS_FILE))]]
    for code, name, reference, due in TERM_FACTS:
        commands.append(["term", "add", code, "--name", name, "--reference-date",
                         reference.isoformat(), "--payment-due", due.isoformat()])  # fmt: skip
    commands.append(["catalogue", "load", str(shipped(CATALOGUE_FILE))])
    return commands


# The demo's next years (zizhu.synth.next_year): each year's two terms and its catalogue.
YEARS_AFTER: dict[int, tuple[tuple[tuple[str, str, dt.date, dt.date], ...], str]] = {
    2020: (
        (
            ("2020-1", "2020年春季学期", dt.date(2020, 3, 1), dt.date(2020, 6, 30)),
            ("2020-2", "2020年秋季学期", dt.date(2020, 9, 1), dt.date(2020, 12, 31)),
        ),
        "zhanjiang-2020.toml",
    ),
}


def year_load(year: int, *, actor: str) -> None:
    """A later year's terms and its shipped catalogue, as an operator opens a new year."""
    terms, catalogue = YEARS_AFTER[year]
    for code, name, reference, due in terms:
        term_add(code=code, name=name, reference_date=reference, payment_due=due, actor=actor)
    catalogue_load(path=shipped(catalogue), actor=actor)

"""The kinds of file `zizhu import` takes (spec/formats.md), each declared once, in its area.

An area declares its kinds in its own `kinds.py` as `IMPORT_KINDS = (ImportKind(...), ...)`:
the code, the Chinese name, the layout, who may upload it, how its rows map to a jurisdiction,
and the steps only it knows (its row rules, what a valid row changes). The command line, the
web pages, the templates, the jurisdiction check and the docs all read them from here;
`zizhu.intake.runner.import_run` does what every import shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from zizhu.core.errors import Code, Refused
from zizhu.core.progress import Progress
from zizhu.core.scope import Level, Scope
from zizhu.intake.layout import Layout


@dataclass(frozen=True)
class ImportContext:
    """What an import's own steps may know besides the rows."""

    scope: Scope
    actor: str
    path: Path
    sha256: str  # the file's
    term: str | None  # a term kind: the file's one term; otherwise the term asked for, if any
    partial: bool  # a correction: add or update the file's rows, take nobody off
    today: dt.date
    progress: Progress


@dataclass(frozen=True)
class Recorded:
    """The import's audit event, as the writes that carry it need it."""

    id: int
    at: dt.datetime


@dataclass
class Plan:
    """What the valid rows would change, worked out inside the import's transaction.

    `write(event)` then makes the change, recording the import's event on what it writes.
    `rejected` holds rows the plan found wrong against the database (ROW, REASON), which the
    file's own rules could not see (a student not on the roster, a conflicting contract).
    """

    accepted: int
    unchanged: int
    write: Callable[[Recorded], None]
    counts: dict[str, int] = field(default_factory=dict)  # more counts, for the event
    detail: dict[str, Any] = field(default_factory=dict)  # more detail, for the event
    extra: dict[str, Any] = field(default_factory=dict)  # more fields of the result
    rejected: pl.DataFrame | None = None


# (ROW, county, school) of each row that names a place: the administering county and the
# school of what the row would change. A null is a place the row does not name.
Places = pl.DataFrame


@dataclass(frozen=True)
class ImportKind:
    layout: Layout  # its code (`zizhu import` KIND), sheet name and columns
    # Who may upload it: scope levels ("CITY", "COUNTY", "SCHOOL") and departments
    # ("DEPARTMENT:JDLK"). Everyone's rows must still lie in their own jurisdiction.
    uploaders: frozenset[str]
    # The file's own rules: parsed columns and the REASON of each broken row (no database
    # writes; reads of reference data such as schools and terms are fine).
    check: Callable[[pl.DataFrame, ImportContext], pl.DataFrame]
    # Inside the transaction: the place of every row that names one (see Places).
    places: Callable[[pl.DataFrame, ImportContext], Places]
    # Inside the transaction: what the valid rows change (checked rows, valid rows). The
    # valid rows come lazily: a kind collects the columns it uses (a filtered copy of every
    # checked column was half a gigabyte for a large county's roster).
    plan: Callable[[pl.DataFrame, pl.LazyFrame, ImportContext], Plan]
    # Before the transaction: staging work that need not hold the database's write lock,
    # given the checked rows (the valid ones have no REASON).
    prepare: Callable[[pl.DataFrame, ImportContext], None] | None = None
    # A file of one term (学生名册, 认定): the terms that exist, to find and check the file's.
    terms: Callable[[], set[str]] | None = None
    partial: bool = False  # takes --partial (a correction that takes nobody off)
    description: str = ""  # one line for the templates page and the docs

    @property
    def code(self) -> str:
        return self.layout.kind

    @property
    def name(self) -> str:
        """The Chinese name: the template's sheet name."""
        return self.layout.sheet

    def allows(self, scope: Scope) -> bool:
        if scope.level == Level.DEPARTMENT:
            return f"DEPARTMENT:{scope.department}" in self.uploaders
        return str(scope.level) in self.uploaders


def import_kinds() -> dict[str, ImportKind]:
    """Every kind the installed areas declare, in the order data flows (the order of the
    areas in INSTALLED_APPS), code -> kind."""
    return dict(_declared())


def import_kind(code: str) -> ImportKind:
    found = import_kinds().get(code)
    if found is None:
        raise Refused(Code.KIND_UNKNOWN, f"没有这类导入文件：{code}")
    return found


_extra: list[ImportKind] = []


def import_kind_register(kind: ImportKind) -> None:
    """Add a kind declared outside the areas' `kinds.py` (tests declare one this way)."""
    _extra.append(kind)
    _declared.cache_clear()


def import_kind_unregister(code: str) -> None:
    _extra[:] = [k for k in _extra if k.code != code]
    _declared.cache_clear()


@cache
def _declared() -> tuple[tuple[str, ImportKind], ...]:
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    found: list[ImportKind] = []
    for config in apps.get_app_configs():
        module = f"{config.name}.kinds"
        if config.name.startswith("zizhu.") and find_spec(module) is not None:
            found.extend(getattr(import_module(module), "IMPORT_KINDS", ()))
    found.extend(_extra)
    return tuple((k.code, k) for k in found)

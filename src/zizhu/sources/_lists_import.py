"""Imports of the department lists: 建档立卡贫困人口, 民政救助对象, 残疾人 (spec/formats.md).

Each file is its department's current list for the counties it covers; a county whose list
differs from its newest stored version gets a new version, and earlier versions stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from zizhu.core import bulk
from zizhu.intake.kinds import ImportContext, Plan, Recorded
from zizhu.intake.reader import ROW
from zizhu.registry.selectors import county_codes_required
from zizhu.sources._list_rules import check_list, list_records
from zizhu.sources._list_versions import versions_create, versions_plan
from zizhu.sources.lists import DepartmentList


def checker(rules: DepartmentList) -> Callable[[pl.DataFrame, ImportContext], pl.DataFrame]:
    def check(frame: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
        # Refused, naming what to load, while no county is loaded.
        counties = county_codes_required()
        return check_list(frame, rules, counties=counties, today=context.today)

    return check


def places(checked: pl.DataFrame, context: ImportContext) -> pl.DataFrame:
    """A list row belongs to the county it names (a department's list covers the city)."""
    return checked.select(pl.col(ROW), "county", pl.lit(None, dtype=pl.String).alias("school"))


def planner(rules: DepartmentList) -> Callable[[pl.DataFrame, pl.LazyFrame, ImportContext], Plan]:
    def plan(checked: pl.DataFrame, valid: pl.LazyFrame, context: ImportContext) -> Plan:
        good = valid.collect()
        # Two imports of one county's list at once must not both make "version n + 1": on
        # PostgreSQL they queue here; SQLite already runs one writing transaction at a time.
        if bulk.vendor() == "postgresql":
            bulk.execute("LOCK TABLE sources_sourcelist IN SHARE ROW EXCLUSIVE MODE")
        versions = versions_plan(kind=rules.kind, records=list_records(good, rules))

        def write(event: Recorded) -> None:
            versions_create(
                versions, event_id=event.id, event_at=event.at, file_name=context.path.name,
                file_sha256=context.sha256, actor=context.actor,
            )  # fmt: skip

        unchanged = versions.unchanged_rows
        return Plan(
            accepted=good.height - unchanged,
            unchanged=unchanged,
            write=write,
            detail=versions.as_detail(),
        )

    return plan

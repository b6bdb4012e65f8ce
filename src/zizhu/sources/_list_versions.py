"""Department lists stored as versions: a file is its department's current list for the
counties (建档立卡: and 年度) it covers, compared set-based with the newest stored version.

`versions_plan` stages the file's valid records and works out, per county, whether the list
changed; `versions_create` then writes the new versions under the import's audit event. Both run
inside the caller's transaction, with the event written between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from zizhu.core import bulk
from zizhu.sources._list_rules import RECORD_COLUMNS
from zizhu.sources.models import SourceList

STAGE = "stage_source_record"
_STAGING = [*RECORD_COLUMNS, ("prev_list_id", "BIGINT"), ("same", "INTEGER")]
_RECORD_FIELDS = [c for c, _ in RECORD_COLUMNS if c not in ("row_no", "county", "year")]
_NULLABLE = {"start_date", "end_date"}
# Every field but the row number: a record is "the same" only when all of these are. Plain
# equality where no NULL can be, so that SQLite uses the (list, ID number) index.
_SAME = " AND ".join(
    f"r.{c} IS NOT DISTINCT FROM {STAGE}.{c}" if c in _NULLABLE else f"r.{c} = {STAGE}.{c}"
    for c in _RECORD_FIELDS
)


@dataclass(frozen=True)
class ListChange:
    """One county's (and 年度's) list in this file, against its newest stored version."""

    county: str
    year: int | None
    previous: int | None  # the newest stored version, if any
    previous_records: int
    records: int  # valid rows of the file for this county
    same: int  # of which identical to a record of the previous version

    @property
    def changed(self) -> bool:
        return not (self.same == self.records == self.previous_records)

    @property
    def version(self) -> int:
        """The version this file's records are: a new one where the list changed."""
        if self.previous is None:
            return 1
        return self.previous + 1 if self.changed else self.previous

    def as_detail(self) -> dict[str, Any]:
        return {
            "county": self.county,
            "year": self.year,
            "version": self.version,
            "records": self.records,
            "added": self.records - self.same,
            "removed": self.previous_records - self.same,
        }


@dataclass(frozen=True)
class VersionPlan:
    kind: str
    lists: list[ListChange]

    @property
    def unchanged_rows(self) -> int:
        return sum(c.same for c in self.lists)

    @property
    def created(self) -> list[ListChange]:
        return [c for c in self.lists if c.changed]

    def as_detail(self) -> dict[str, Any]:
        return {
            "lists_created": [c.as_detail() for c in self.created],
            "lists_unchanged": [
                {"county": c.county, "year": c.year, "version": c.version}
                for c in self.lists
                if not c.changed
            ],
        }


def _year_key(year: int | None) -> int:
    return -1 if year is None else year  # polars joins never match nulls


def _newest_versions(kind: str, counties: list[str]) -> pl.DataFrame:
    """county, year_key, prev_list_id, prev_version, prev_records of each newest stored list."""
    newest: dict[tuple[str, int], tuple[int, int, int]] = {}
    stored = (
        SourceList.objects.filter(kind=kind, county_id__in=counties)
        .order_by("version")
        .values_list("county_id", "year", "id", "version", "record_count")
    )
    for county, year, list_id, version, count in stored:  # a few per county: one per import
        newest[(county, _year_key(year))] = (list_id, version, count)
    return pl.DataFrame(
        [(c, y, *values) for (c, y), values in newest.items()],
        schema={
            "county": pl.String,
            "year_key": pl.Int32,
            "prev_list_id": pl.Int64,
            "prev_version": pl.Int32,
            "prev_records": pl.Int32,
        },
        orient="row",
    )


def versions_plan(*, kind: str, records: pl.DataFrame) -> VersionPlan:
    """Stage the records and compare each county's list with its newest stored version."""
    year_key = pl.col("year").fill_null(-1).cast(pl.Int32).alias("year_key")
    newest = _newest_versions(kind, records["county"].unique().to_list())
    staged = records.with_columns(year_key).join(newest, on=["county", "year_key"], how="left")
    bulk.staging_create(STAGE, _STAGING)
    bulk.rows_load(
        STAGE,
        [c for c, _ in _STAGING],
        staged.select(*[c for c, _ in RECORD_COLUMNS], "prev_list_id", pl.lit(0)).iter_rows(),
    )
    bulk.execute(
        f"""
        UPDATE {STAGE} SET same = 1
        WHERE prev_list_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM sources_sourcerecord r
            WHERE r.source_list_id = {STAGE}.prev_list_id AND {_SAME})
        """
    )
    counted = bulk.fetch_all(
        f"SELECT county, year, COUNT(*), SUM(same) FROM {STAGE} GROUP BY county, year"
    )
    previous = {(r[0], r[1]): (r[3], r[4]) for r in newest.iter_rows()}
    lists = []
    for county, year, rows, same in sorted(counted, key=lambda r: (r[0], _year_key(r[1]))):
        version, previous_records = previous.get((county, _year_key(year)), (None, 0))
        lists.append(
            ListChange(
                county=county,
                year=None if year is None else int(year),
                previous=version,
                previous_records=previous_records,
                records=int(rows),
                same=int(same),
            )
        )
    return VersionPlan(kind=kind, lists=lists)


def versions_create(
    plan: VersionPlan,
    *,
    event_id: int,
    event_at: dt.datetime,
    file_name: str,
    file_sha256: str,
    actor: str,
) -> None:
    """Write a new version for each changed list, with its provenance; drop the staging."""
    SourceList.objects.bulk_create(
        SourceList(
            kind=plan.kind,
            county_id=change.county,
            year=change.year,
            version=change.version,
            file_name=file_name,
            file_sha256=file_sha256,
            imported_by=actor,
            imported_at=event_at,
            event_id=event_id,
            record_count=change.records,
        )
        for change in plan.created
    )
    fields = ", ".join(_RECORD_FIELDS)
    bulk.execute(
        f"""
        INSERT INTO sources_sourcerecord (source_list_id, row_no, {fields})
        SELECT l.id, s.row_no, {", ".join(f"s.{c}" for c in _RECORD_FIELDS)}
        FROM {STAGE} s JOIN sources_sourcelist l
          ON l.event_id = %s AND l.county_id = s.county AND l.year IS NOT DISTINCT FROM s.year
        """,
        [event_id],
    )
    bulk.execute(f"DROP TABLE {STAGE}")

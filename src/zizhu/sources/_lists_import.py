"""Imports of the department lists: 建档立卡贫困人口, 民政救助对象, 残疾人 (spec/formats.md).

Each file is its department's current list for the counties it covers; a county whose list
differs from its newest stored version gets a new version, and earlier versions stay untouched.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zizhu.core import bulk
from zizhu.core.events import event_record
from zizhu.core.progress import CHECK, READ, WRITE, Progress, progress_or_silent
from zizhu.intake.reader import read_table
from zizhu.intake.result import REASON, ImportResult, import_result
from zizhu.registry.selectors import administered_county_codes
from zizhu.sources._list_rules import CIVIL, DISABILITY, JDLK, ListRules, check_list, list_records
from zizhu.sources._list_versions import versions_create, versions_plan


def _list_import(
    rules: ListRules, *, path: Path, actor: str, errors_dir: Path | None, progress: Progress | None
) -> ImportResult:
    report = progress_or_silent(progress)
    report(*READ)
    table = read_table(path, rules.layout)
    report(*CHECK)
    checked = check_list(
        table.frame, rules, counties=administered_county_codes(), today=timezone.localdate()
    )
    good = checked.filter(pl.col(REASON).is_null())
    rejected = table.rows - good.height
    report(*WRITE)
    with transaction.atomic():
        # Two imports of one county's list at once must not both make "version n + 1": on
        # PostgreSQL they queue here; SQLite already runs one writing transaction at a time.
        if bulk.vendor() == "postgresql":
            bulk.execute("LOCK TABLE sources_sourcelist IN SHARE ROW EXCLUSIVE MODE")
        plan = versions_plan(kind=rules.kind, records=list_records(good, rules))
        unchanged = plan.unchanged_rows
        accepted = good.height - unchanged
        event = event_record(
            actor=actor,
            action=f"import.{rules.layout.kind}",
            subject=path.name,
            counts={"rows": table.rows, "accepted": accepted, "unchanged": unchanged,
                    "rejected": rejected},
            detail={"file_sha256": table.sha256, **plan.as_detail()},
        )  # fmt: skip
        versions_create(
            plan,
            event_id=event.pk,
            event_at=event.at,
            file_name=path.name,
            file_sha256=table.sha256,
            actor=actor,
        )
    return import_result(
        kind=rules.layout.kind,
        table=table,
        checked=checked,
        accepted=accepted,
        unchanged=unchanged,
        errors_dir=errors_dir or settings.ERRORS_DIR,
        progress=report,
    )


def jdlk_import(
    *,
    path: Path,
    actor: str,
    term: str | None = None,
    errors_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a 建档立卡贫困人口 list; `term` is accepted for a uniform signature and not used."""
    return _list_import(JDLK, path=path, actor=actor, errors_dir=errors_dir, progress=progress)


def civil_import(
    *,
    path: Path,
    actor: str,
    term: str | None = None,
    errors_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a 民政救助对象 list; `term` is accepted for a uniform signature and not used."""
    return _list_import(CIVIL, path=path, actor=actor, errors_dir=errors_dir, progress=progress)


def disability_import(
    *,
    path: Path,
    actor: str,
    term: str | None = None,
    errors_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a 残疾人 list; `term` is accepted for a uniform signature and not used."""
    return _list_import(
        DISABILITY, path=path, actor=actor, errors_dir=errors_dir, progress=progress
    )

"""Running an import: what every kind shares, in one place.

Read the file once (its limits checked before it is expanded); apply the kind's row rules;
then, inside one transaction, find the place of every row and refuse the whole file if any
lies outside the uploader's jurisdiction, plan what the valid rows change, record the event
and write. The rows whose jurisdiction is checked are exactly the rows the import takes: there
is no second reading of the file. A dry run does all of it and rolls back (a preview).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.faults import pause_point
from zizhu.core.progress import CHECK, READ, WRITE, Progress, progress_or_silent, rows_known
from zizhu.core.scope import Level, Scope
from zizhu.intake.kinds import ImportContext, ImportKind, Plan, Recorded, import_kind
from zizhu.intake.reader import ROW, Table, read_table
from zizhu.intake.result import REASON, ImportResult, import_result
from zizhu.intake.terms import file_term

MAX_ROWS_NAMED = 10  # rows named in a refusal's message


class _Preview(Exception):
    """Raised inside the transaction of a preview, to roll it back with the plan in hand."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("dry run")
        self.plan = plan


def import_run(
    *,
    kind: str,
    path: Path,
    scope: Scope,
    actor: str,
    term: str | None = None,
    partial: bool = False,
    go_ahead: Callable[[Plan], bool] | None = None,
    errors_dir: Path | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import `path` as a file of `kind` for `scope`; refused (Refused) as a whole, with
    nothing changed, for a file-level fault or any row outside the scope.

    `go_ahead`, where given, sees the plan inside the transaction before anything is written:
    False makes the import a preview (nothing written, no error file, `preview` in the
    result's extra fields); it may also refuse by raising."""
    found = import_kind(kind)
    scope.write_required()
    if not found.allows(scope):
        raise Refused(Code.ROLE_FORBIDDEN, f"您的角色不能导入{found.name}")
    if partial and not found.partial:
        raise Refused(Code.ROLE_FORBIDDEN, f"{found.name}没有“只更正所含的行”的导入方式")
    report = progress_or_silent(progress)
    report(*READ)
    table = read_table(path, found.layout)
    rows_known(report, table.rows)
    report(*CHECK)
    context = ImportContext(
        scope=scope, actor=actor, path=path, sha256=table.sha256, term=term, partial=partial,
        today=today or timezone.localdate(), progress=report,
    )  # fmt: skip
    if found.terms is not None:
        file_term_code = file_term(table.frame, known=found.terms(), asked=term)
        context = replace(context, term=file_term_code)
    checked = found.check(table.frame, context)
    if found.prepare is not None:
        found.prepare(checked, context)
    good = checked.lazy().filter(pl.col(REASON).is_null())  # see ImportKind.plan
    report(*WRITE)
    previewed = False
    try:
        plan, checked = _plan_and_write(found, table, checked, good, context, go_ahead=go_ahead)
    except _Preview as preview:
        plan, previewed = preview.plan, True
        checked = _with_plan_reasons(checked, plan)
    return import_result(
        kind=found.code,
        table=table,
        checked=checked,
        accepted=plan.accepted,
        unchanged=plan.unchanged,
        errors_dir=errors_dir or settings.ERRORS_DIR,
        extra={**plan.extra, **({"preview": True} if previewed else {})},
        progress=report,
        write_errors=not previewed,
    )


def _plan_and_write(
    kind: ImportKind,
    table: Table,
    checked: pl.DataFrame,
    good: pl.LazyFrame,
    context: ImportContext,
    *,
    go_ahead: Callable[[Plan], bool] | None,
) -> tuple[Plan, pl.DataFrame]:
    with transaction.atomic():
        bulk.constraints_immediate()
        _refuse_outside(context.scope, kind.places(checked, context))
        plan = kind.plan(checked, good, context)
        checked = _with_plan_reasons(checked, plan)
        if go_ahead is not None and not go_ahead(plan):
            raise _Preview(plan)  # rolls the transaction back
        event = event_record(
            actor=context.actor,
            action=f"import.{kind.code}",
            subject=table.path.name,
            counts={
                "rows": table.rows, "accepted": plan.accepted, "unchanged": plan.unchanged,
                "rejected": table.rows - plan.accepted - plan.unchanged, **plan.counts,
            },
            detail={
                "file_sha256": table.sha256, "scope": context.scope.key,
                **({"term": context.term} if context.term else {}),
                **({"partial": True} if context.partial else {}), **plan.detail,
            },
        )  # fmt: skip
        plan.write(Recorded(event.pk, event.at))
        pause_point(f"{kind.code}_import.before_commit")  # crash tests stop here
    return plan, checked


def _with_plan_reasons(checked: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    if plan.rejected is None or plan.rejected.height == 0:
        return checked
    found = plan.rejected.select(pl.col(ROW), pl.col(REASON).alias("_planned"))
    return (
        checked.join(found, on=ROW, how="left", maintain_order="left")
        .with_columns(pl.coalesce(REASON, "_planned").alias(REASON))
        .drop("_planned")
    )


def _refuse_outside(scope: Scope, places: pl.DataFrame) -> None:
    """Refuse the file whole when any row names a place outside the scope. A department's
    scope is its own list for the whole city (the kind's uploaders already said which)."""
    county, school = pl.col("county"), pl.col("school")
    if scope.level in (Level.CITY, Level.DEPARTMENT):
        return
    if scope.level == Level.COUNTY:
        outside = county.is_not_null() & (county != scope.county)
        why = f"不属于本县区（{scope.county}）"
    else:
        outside = (school.is_not_null() & (school != scope.school)) | (
            school.is_null() & county.is_not_null()
        )
        why = f"不是本校（{scope.school}）"
    rows = places.filter(outside)[ROW].unique().sort()
    if rows.len() == 0:
        return
    named = "、".join(str(r) for r in rows.head(MAX_ROWS_NAMED).to_list())
    more = f"等 {rows.len()} 行" if rows.len() > MAX_ROWS_NAMED else ""
    raise Refused(
        Code.SCOPE_OUTSIDE,
        f"文件中有超出您管辖范围的行（第 {named} 行{more}：{why}），整个文件未导入",
        rows=rows.head(100).to_list(),
    )


def refused_record(*, actor: str, kind: str, path: Path, refused: Refused) -> None:
    """Keep a refused import in the audit trail (its own transaction: nothing else changed):
    who tried, with which file, and why. A refusal for jurisdiction is an attempt worth
    seeing."""
    from zizhu.core.masking import mask_text
    from zizhu.intake.reader import file_sha256

    detail: dict[str, Any] = {"code": str(refused.code), "message": mask_text(refused.message)}
    with contextlib.suppress(OSError):
        detail["file_sha256"] = file_sha256(path)
    with transaction.atomic():
        event_record(actor=actor, action=f"import.refused.{kind}", subject=path.name,
                     detail=detail)  # fmt: skip

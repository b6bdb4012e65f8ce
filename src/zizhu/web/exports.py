"""Downloads of personal data: each one is an audit event."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from zizhu.core.events import event_record
from zizhu.payments.selectors import BatchSummary
from zizhu.web.models import Job


def error_file_export(*, actor: str, job: Job) -> Path | None:
    """The error file of an import job, recorded as an export of personal data."""
    name = (job.result or {}).get("errors_file")
    if not name or not Path(name).is_file():
        return None
    path = Path(name)
    with transaction.atomic():
        event_record(
            actor=actor,
            action="web.export",
            subject=path.name,
            counts={"rows": int(job.result.get("rejected", 0))},
            detail={"what": "import_errors", "job": job.pk, "kind": job.import_kind},
        )
    return path


def bank_file_export(*, actor: str, batch: BatchSummary) -> Path | None:
    """A batch's bank file (names, ID numbers, accounts), recorded as an export."""
    path = Path(batch.file)
    if not path.is_file():
        return None
    with transaction.atomic():
        event_record(
            actor=actor,
            action="web.export",
            subject=path.name,
            counts={"rows": batch.count},
            detail={"what": "bank_file", "batch": batch.batch_no, "county": batch.county},
        )
    return path

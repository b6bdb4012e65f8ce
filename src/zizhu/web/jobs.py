"""Background jobs started from the pages: imports, `entitle`, `pay export`, bank returns and
`audit`, run by django-tasks.

A page creates a Job row and enqueues `job_run`; the worker (`zizhu serve` starts one) runs
the engine's service and writes the outcome back on the Job, which the page polls. How far an
import has got goes to the shared cache instead (see `_progress_writer`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_tasks import task

from zizhu.aid.catalogue import CatalogueError
from zizhu.aid.services import entitle
from zizhu.audit.services import audit
from zizhu.core.errors import Refused
from zizhu.core.masking import mask_text
from zizhu.core.money import fen_to_yuan
from zizhu.core.progress import Progress
from zizhu.loans.services import loans_import
from zizhu.payments.selectors import batch_list
from zizhu.payments.services import pay_export, returns_import
from zizhu.registry.services import schools_import, students_import
from zizhu.sources.services import (
    civil_import,
    disability_import,
    hardship_import,
    jdlk_import,
)
from zizhu.web.constants import JobKind, JobStatus
from zizhu.web.figures import city_figures_warm
from zizhu.web.import_scope import allowed_import_kinds, outside_jurisdiction, returns_batches
from zizhu.web.models import Job
from zizhu.web.scope import Viewer, viewer_for

logger = logging.getLogger(__name__)

IMPORTERS: dict[str, Callable[..., Any]] = {
    "schools": schools_import,
    "students": students_import,
    "jdlk": jdlk_import,
    "civil": civil_import,
    "disability": disability_import,
    "hardship": hardship_import,
    "loans": loans_import,
}
_SUFFIXES = {".xlsx", ".xls", ".csv"}


class JobRefused(Exception):
    """The job cannot be started as asked; nothing was queued. The message is Chinese."""


def import_job_start(
    *, viewer: Viewer, user: Any, kind: str, term: str, upload: UploadedFile
) -> Job:
    if kind not in allowed_import_kinds(viewer):
        raise JobRefused("您的角色不能导入这类文件")
    path = _save_upload(upload)
    try:
        outside = outside_jurisdiction(viewer=viewer, kind=kind, path=path)
    except Refused as refused:
        raise JobRefused(f"导入被拒绝，未做任何更改：{refused.message}") from refused
    if outside:
        raise JobRefused(outside)
    job = Job.objects.create(
        kind=JobKind.IMPORT, user=user, import_kind=kind, term=term, file_name=path.name,
        path=str(path),
    )  # fmt: skip
    return _enqueue(job)


def entitle_job_start(*, user: Any, term: str) -> Job:
    return _enqueue(Job.objects.create(kind=JobKind.ENTITLE, user=user, term=term))


def pay_export_job_start(*, user: Any, term: str) -> Job:
    """`pay export` for the user's county (a CITY user: the whole city)."""
    return _enqueue(Job.objects.create(kind=JobKind.PAY_EXPORT, user=user, term=term))


def audit_job_start(*, user: Any, term: str) -> Job:
    return _enqueue(Job.objects.create(kind=JobKind.AUDIT, user=user, term=term))


def returns_job_start(*, viewer: Viewer, user: Any, term: str, upload: UploadedFile) -> Job:
    """A 银行回盘 file of the term's batches; every batch it names must be one of the user's
    county (a CITY user: any), else nothing is queued."""
    path = _save_upload(upload)
    try:
        named = returns_batches(path)
    except Refused as refused:
        raise JobRefused(f"导入被拒绝，未做任何更改：{refused.message}") from refused
    own = {b.batch_no for b in batch_list(scope=viewer.scope, term=term)}
    foreign = sorted(set(named) - own)
    if foreign:
        where = f"本县区（{viewer.scope.county}）" if viewer.scope.county else "本系统"
        raise JobRefused(
            f"文件中的批次号 {foreign[0]} 不是{where} {term} 学期的代发批次，未导入任何数据"
        )
    job = Job.objects.create(
        kind=JobKind.RETURNS, user=user, import_kind="returns", term=term, file_name=path.name,
        path=str(path),
    )  # fmt: skip
    return _enqueue(job)


def _save_upload(upload: UploadedFile) -> Path:
    name = Path(upload.name or "upload").name
    if Path(name).suffix.lower() not in _SUFFIXES:
        raise JobRefused("只接受 .xlsx、.xls 或 .csv 文件")
    folder = Path(settings.UPLOADS_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def payments_dir() -> Path:
    """Where the pages' exports write bank files (settings.PAYMENTS_DIR, else var/payments)."""
    return Path(getattr(settings, "PAYMENTS_DIR", Path(settings.VAR_DIR) / "payments"))


def _enqueue(job: Job) -> Job:
    result = job_run.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


@task()
def job_run(job_id: int) -> str:
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if claimed != 1:
        return "already taken"
    job = Job.objects.select_related("user").get(pk=job_id)
    actor = f"web:{job.user.get_username()}"
    status, message, result = JobStatus.DONE, "", {}
    try:
        result = _RUNNERS[job.kind](job, actor)
    except Refused as refused:
        status, message = JobStatus.REFUSED, f"无法完成，未做任何更改：{refused.message}"
    except CatalogueError as refused:
        status, message = JobStatus.REFUSED, f"无法完成，未做任何更改：{refused}"
    except Exception as error:  # the page must learn the job ended, whatever happened
        logger.exception("job %s failed", job_id)
        # A database error may quote a row: no whole ID number or account on the page.
        text = mask_text(f"{type(error).__name__}: {error}")
        status, message = JobStatus.FAILED, f"处理出错：{text}"[:1000]
    Job.objects.filter(pk=job_id).update(
        status=status, message=message, result=result, finished_at=timezone.now()
    )
    if status == JobStatus.DONE and job.term:
        _warm(job.term)
    return str(status)


def _warm(term: str) -> None:
    """The job changed the data: render the city's figures now, here, rather than in the
    request of the next officer to open the dashboard (about a second at a city's scale)."""
    try:
        city_figures_warm(term=term)
    except Exception:  # the job is done whatever happens here; the page computes them itself
        logger.warning("figures of %s not rendered after the job", term, exc_info=True)


def _import(job: Job, actor: str) -> dict[str, Any]:
    importer = IMPORTERS[job.import_kind]
    result = importer(
        path=Path(job.path), actor=actor, term=job.term or None, progress=_progress_writer(job.pk)
    )
    document: dict[str, Any] = result.as_json()
    return document


def _entitle(job: Job, actor: str) -> dict[str, Any]:
    summary = entitle(term=job.term, actor=actor)
    return {
        "term": summary.term,
        "students": summary.students,
        "hardship": summary.hardship,
        "programs": {
            code: {"students": total.students, "amount": fen_to_yuan(total.amount_fen)}
            for code, total in sorted(summary.programs.items())
        },
        "held": summary.held,
        "changes": summary.changes,
    }


def _scope_of(job: Job) -> Viewer:
    viewer = viewer_for(job.user)
    if viewer is None:
        raise JobRefused("用户没有有效的角色或管辖范围")
    return viewer


def _pay_export(job: Job, actor: str) -> dict[str, Any]:
    scope = _scope_of(job).scope
    result = pay_export(scope=scope, actor=actor, term=job.term, out=payments_dir() / job.term)
    return {
        "batches": [
            {"batch": b.batch_no, "county": b.county, "program": b.program, "count": b.count,
             "amount": fen_to_yuan(b.amount_fen), "reissues": b.reissues}
            for b in result.batches
        ],
        "no_account": len(result.no_account),
        "awaiting_correction": result.awaiting_correction,
    }  # fmt: skip


def _returns(job: Job, actor: str) -> dict[str, Any]:
    result = returns_import(
        path=Path(job.path), actor=actor, term=job.term, progress=_progress_writer(job.pk)
    )
    document: dict[str, Any] = result.as_json()
    return document


def _audit(job: Job, actor: str) -> dict[str, Any]:
    result = audit(scope=_scope_of(job).scope, term=job.term, actor=actor)
    return {"term": result.term, "counts": result.counts, "changes": result.changes}


_RUNNERS: dict[str, Callable[[Job, str], dict[str, Any]]] = {
    JobKind.IMPORT: _import,
    JobKind.ENTITLE: _entitle,
    JobKind.PAY_EXPORT: _pay_export,
    JobKind.RETURNS: _returns,
    JobKind.AUDIT: _audit,
}


# Progress of a running job, in the cache that every web worker and the background worker share.
_PROGRESS_KEY = "zizhu:job-progress:{}"
_PROGRESS_SECONDS = 24 * 3600


def _progress_writer(job_id: int) -> Progress:
    """Not the Job row: the import runs inside one transaction, so a write there would stay
    unseen until the end (SQLite) or wait on the import's own locks."""
    key = _PROGRESS_KEY.format(job_id)

    def write(fraction: float, stage: str) -> None:
        try:
            cache.set(key, {"fraction": fraction, "stage": stage}, timeout=_PROGRESS_SECONDS)
        except Exception:  # only for show: a cache that fails must not undo the import
            logger.warning("job %s: progress not recorded", job_id, exc_info=True)

    return write


def job_progress(job_id: int) -> tuple[float, str] | None:
    """The fraction done and the stage a job last reported, if it reported any."""
    found = cache.get(_PROGRESS_KEY.format(job_id))
    if not isinstance(found, dict):
        return None
    return float(found["fraction"]), str(found["stage"])


@dataclass(frozen=True)
class JobBar:
    """The job page's progress bar and the words beside it."""

    percent: int | None  # None: a bar without a value, for a job that reports no progress
    caption: str  # e.g. "40% 写入数据库"


def job_bar(job: Job) -> JobBar:
    if job.status == JobStatus.QUEUED:
        return JobBar(0, "0% 等待后台处理")
    if job.status == JobStatus.RUNNING:
        reported = job_progress(job.pk)
        if reported is None:  # entitle, export, audit; or an import not yet started reading
            return JobBar(None, "")
        percent = max(0, min(100, round(reported[0] * 100)))
        return JobBar(percent, f"{percent}% {reported[1]}")
    # Ended: a refused or failed job has its message below, and no "100%" to suggest success.
    return JobBar(100, "100%" if job.status == JobStatus.DONE else "")

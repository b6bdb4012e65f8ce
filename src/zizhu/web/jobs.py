"""Background jobs started from the pages: imports (bank returns among them), `entitle`,
`pay export`, `audit` and the what-if of a draft catalogue, run by django-tasks in
`zizhu.web.worker`.

A page only saves an upload (its size checked before it is read) and queues the job; every
file is read, checked and imported in the background worker, one job at a time, never in a
web request. A roster that would take students off their schools' rosters is first shown as a
preview; the officer confirms it before anything changes.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zizhu.aid.selectors import catalogue_read
from zizhu.core.errors import Code, Refused
from zizhu.intake.kinds import ImportKind, import_kinds
from zizhu.intake.limits import upload_max_bytes
from zizhu.web.constants import JobKind, JobStatus
from zizhu.web.models import Job
from zizhu.web.scope import Viewer
from zizhu.web.worker import job_progress

SUFFIXES = {".xlsx", ".xls", ".csv"}
MAX_CATALOGUE_BYTES = 1_000_000  # a catalogue is a few kilobytes


def uploadable_kinds(viewer: Viewer) -> list[ImportKind]:
    """The kinds this viewer may upload on the imports page (bank returns have their own
    page), in the order data flows."""
    if viewer.read_only:
        return []
    return [k for k in import_kinds().values() if k.allows(viewer.scope) and k.code != "returns"]


def import_job_start(
    *, viewer: Viewer, user: Any, kind: str, term: str, upload: UploadedFile, partial: bool = False
) -> Job:
    """Queue an import of `upload`. Refused, with nothing saved, for a kind the viewer may not
    upload, a file that is not a spreadsheet by its name, or one over the size limit."""
    found = import_kinds().get(kind)
    if viewer.read_only or found is None or not found.allows(viewer.scope):
        raise Refused(Code.ROLE_FORBIDDEN, "您的角色不能导入这类文件")
    if partial and not found.partial:
        raise Refused(Code.ROLE_FORBIDDEN, f"{found.name}没有“只更正所含的行”的导入方式")
    path = _save_upload(upload)
    job_kind = JobKind.RETURNS if kind == "returns" else JobKind.IMPORT
    job = Job.objects.create(
        kind=job_kind, user=user, import_kind=kind, term=term, file_name=path.name,
        path=str(path), partial=partial,
    )  # fmt: skip
    return _enqueue(job)


def import_confirm(*, user: Any, job_id: int) -> Job:
    """Go ahead with a previewed roster replacement: the import runs again and takes off the
    students the preview showed leaving (refused if that is no longer so)."""
    with transaction.atomic():
        taken = Job.objects.filter(
            pk=job_id, user=user, status=JobStatus.AWAITING, kind=JobKind.IMPORT
        ).update(status=JobStatus.QUEUED, confirmed=True, message="")
    if taken != 1:
        raise Refused(Code.NOT_FOUND, "没有等待确认的这项导入")
    return _enqueue(Job.objects.get(pk=job_id))


def import_cancel(*, user: Any, job_id: int) -> None:
    """Drop a previewed roster replacement: nothing was changed; the upload is deleted."""
    job = Job.objects.filter(pk=job_id, user=user, status=JobStatus.AWAITING).first()
    if job is None:
        raise Refused(Code.NOT_FOUND, "没有等待确认的这项导入")
    Job.objects.filter(pk=job.pk, status=JobStatus.AWAITING).update(
        status=JobStatus.CANCELLED, message="已取消，未做任何更改"
    )
    upload_delete(job)


def job_rerun(*, user: Any, job_id: int) -> Job:
    """Run again a job that failed (its worker died, or an error stopped it); its upload is
    kept until it ends otherwise."""
    job = Job.objects.filter(pk=job_id, user=user, status=JobStatus.FAILED).first()
    if job is None:
        raise Refused(Code.NOT_FOUND, "只有出错的任务可以重新运行")
    if job.path and not Path(job.path).is_file():
        raise Refused(Code.FILE_MISSING, "上传的文件已删除，请重新上传")
    Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, message="", code="", worker="", started_at=None, finished_at=None
    )
    return _enqueue(Job.objects.get(pk=job.pk))


def entitle_job_start(*, user: Any, term: str) -> Job:
    return _enqueue(Job.objects.create(kind=JobKind.ENTITLE, user=user, term=term))


def whatif_job_start(*, user: Any, term: str, upload: UploadedFile) -> Job:
    """The what-if of a draft catalogue (not loaded) for a term: checked here, with the place
    of a mistake, priced by the worker, nothing changed."""
    name = Path(upload.name or "draft.toml").name
    if Path(name).suffix.lower() != ".toml":
        raise Refused(Code.CATALOGUE_INVALID, "政策目录草案应为 .toml 文件")
    if (upload.size or 0) > MAX_CATALOGUE_BYTES:
        raise Refused(
            Code.FILE_TOO_LARGE, f"文件超过 {MAX_CATALOGUE_BYTES // 1000} KB，不是政策目录"
        )
    path = _save_upload(upload, suffixes={".toml"})
    try:
        catalogue_read(path)  # a mistake is told at once, with its place
    except Refused:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    job = Job.objects.create(
        kind=JobKind.WHAT_IF, user=user, term=term, file_name=path.name, path=str(path)
    )
    return _enqueue(job)


def pay_export_job_start(*, user: Any, term: str) -> Job:
    """`pay export` for the user's county (a CITY user: the whole city)."""
    return _enqueue(Job.objects.create(kind=JobKind.PAY_EXPORT, user=user, term=term))


def audit_job_start(*, user: Any, term: str) -> Job:
    return _enqueue(Job.objects.create(kind=JobKind.AUDIT, user=user, term=term))


def upload_delete(job: Job) -> None:
    """Uploads are personal data: gone once their job has ended (the event keeps the file's
    name, sha256 and counts)."""
    if job.path:
        shutil.rmtree(Path(job.path).parent, ignore_errors=True)


def _save_upload(upload: UploadedFile, suffixes: set[str] = SUFFIXES) -> Path:
    name = Path(upload.name or "upload").name
    if Path(name).suffix.lower() not in suffixes:
        raise Refused(Code.FILE_NOT_SPREADSHEET, "只接受 .xlsx、.xls 或 .csv 文件")
    if (upload.size or 0) > upload_max_bytes():
        raise Refused(Code.FILE_TOO_LARGE, f"文件超过 {upload_max_bytes() // 2**20} MB 的上传限制")
    folder = Path(settings.UPLOADS_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)
    return path


def payments_dir() -> Path:
    """Where the pages' exports write bank files (settings.PAYMENTS_DIR, else var/payments)."""
    return Path(getattr(settings, "PAYMENTS_DIR", Path(settings.VAR_DIR) / "payments"))


def _enqueue(job: Job) -> Job:
    from zizhu.web.worker import job_run

    result = job_run.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


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
        if reported is None:  # a job not yet started on its first stage
            return JobBar(None, "")
        percent = max(0, min(100, round(reported[0] * 100)))
        return JobBar(percent, f"{percent}% {reported[1]}")
    # Ended: a refused or failed job has its message below, and no "100%" to suggest success.
    return JobBar(100, "100%" if job.status == JobStatus.DONE else "")

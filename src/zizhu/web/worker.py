"""The background worker's side of the jobs (zizhu.web.jobs): run one, write its outcome on
the Job row, report how far it has got, and notice a job whose worker died.

A refusal ends the job REFUSED with its code and Chinese message (and an `import.refused`
event for an import: an attempt outside one's jurisdiction is worth seeing); any other error
ends it FAILED with a message that never quotes an ID number or account. An upload is
deleted once its job is done or refused; a failed job keeps it, to be run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from zizhu.aid.services import entitle
from zizhu.audit.services import audit
from zizhu.core.errors import Code, Refused
from zizhu.core.masking import mask_text
from zizhu.core.progress import Progress
from zizhu.intake.kinds import Plan
from zizhu.intake.runner import import_run, refused_record
from zizhu.payments.services import pay_export
from zizhu.web.constants import JobKind, JobStatus
from zizhu.web.figures import city_figures_warm
from zizhu.web.models import Job
from zizhu.web.scope import Viewer, viewer_for
from zizhu.web.whatif import whatif_result

logger = logging.getLogger(__name__)

# Previewed imports nobody confirmed, and failed ones nobody ran again, lose their upload.
UPLOAD_KEEP = dt.timedelta(hours=24)


@task()
def job_run(job_id: int) -> str:
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), worker=_worker_name()
    )
    if claimed != 1:
        return "already taken"
    job = Job.objects.select_related("user").get(pk=job_id)
    actor = f"web:{job.user.get_username()}"
    status, code, message = str(JobStatus.DONE), "", ""
    result: dict[str, Any] = {}
    try:
        viewer = viewer_for(job.user)
        if viewer is None:
            raise Refused(Code.ROLE_FORBIDDEN, "用户没有有效的角色或管辖范围")
        status, result = _RUNNERS[job.kind](job, viewer, actor)
    except Refused as refused:
        status, code = JobStatus.REFUSED, str(refused.code)
        message = f"已拒绝，未做任何更改：{refused.message}"
        if job.import_kind:
            refused_record(actor=actor, kind=job.import_kind, path=Path(job.path), refused=refused)
    except Exception as error:  # the page must learn the job ended, whatever happened
        logger.exception("job %s failed", job_id)
        # A database error may quote a row: no whole ID number or account on the page.
        status = JobStatus.FAILED
        message = f"处理出错：{mask_text(f'{type(error).__name__}: {error}')}"
    Job.objects.filter(pk=job_id).update(
        status=status, code=code, message=message[:1000], result=result,
        finished_at=timezone.now(),
    )  # fmt: skip
    if status in (JobStatus.DONE, JobStatus.REFUSED):
        from zizhu.web.jobs import upload_delete

        upload_delete(job)
    if status == JobStatus.DONE and job.term and job.kind != JobKind.WHAT_IF:
        _warm(job.term)  # a what-if changed nothing
    _uploads_expire()
    return str(status)


def _warm(term: str) -> None:
    """The job changed the data: render the city's figures now, here, rather than in the
    request of the next officer to open the dashboard (about a second at a city's scale)."""
    try:
        city_figures_warm(term=term)
    except Exception:  # the job is done whatever happens here; the page computes them itself
        logger.warning("figures of %s not rendered after the job", term, exc_info=True)


def _import(job: Job, viewer: Viewer, actor: str) -> tuple[str, dict[str, Any]]:
    """An import. A whole roster replacement from the pages that takes anyone off a roster
    stops at a preview (AWAITING) until the officer confirms; once confirmed it goes ahead
    only if the same students still leave."""
    expected = (job.result or {}).get("left") if job.confirmed else None

    def go_ahead(plan: Plan) -> bool:
        left = int(plan.extra.get("left", 0))
        if expected is not None and left != expected:
            raise Refused(
                Code.FILE_CHANGED,
                f"预览时将有 {expected} 名学生离开名册，现在是 {left} 名：名册已有变化，请重新上传",
            )
        return job.partial or job.confirmed or left == 0

    result = import_run(
        kind=job.import_kind, path=Path(job.path), scope=viewer.scope, actor=actor,
        term=job.term or None, partial=job.partial, progress=_progress_writer(job.pk),
        go_ahead=go_ahead if job.import_kind == "students" else None,
    )  # fmt: skip
    document: dict[str, Any] = result.as_json()
    return (JobStatus.AWAITING if result.extra.get("preview") else JobStatus.DONE), document


def _entitle(job: Job, viewer: Viewer, actor: str) -> tuple[str, dict[str, Any]]:
    """The city's lists for a CITY user; a COUNTY officer's run touches that county only."""
    summary = entitle(
        term=job.term, actor=actor, scope=viewer.scope, progress=_progress_writer(job.pk)
    )
    return JobStatus.DONE, summary.as_json()


def _whatif(job: Job, viewer: Viewer, actor: str) -> tuple[str, dict[str, Any]]:
    """A draft catalogue priced against today's lists; nothing changed, no event."""
    if not viewer.scope.whole_city or viewer.read_only:
        raise Refused(Code.ROLE_FORBIDDEN, "政策试算由市资助中心进行")
    return JobStatus.DONE, whatif_result(path=Path(job.path), term=job.term)


def _pay_export(job: Job, viewer: Viewer, actor: str) -> tuple[str, dict[str, Any]]:
    from zizhu.web.jobs import payments_dir

    result = pay_export(
        scope=viewer.scope, actor=actor, term=job.term, out=payments_dir() / job.term,
        progress=_progress_writer(job.pk),
    )  # fmt: skip
    # The page shows, beside the contract's document, the failures waiting for a correction.
    return JobStatus.DONE, {**result.as_json(), "awaiting_correction": result.awaiting_correction}


def _audit(job: Job, viewer: Viewer, actor: str) -> tuple[str, dict[str, Any]]:
    result = audit(
        scope=viewer.scope, term=job.term, actor=actor, progress=_progress_writer(job.pk)
    )
    return JobStatus.DONE, result.as_json(with_findings=False)


_RUNNERS: dict[str, Callable[[Job, Viewer, str], tuple[str, dict[str, Any]]]] = {
    JobKind.IMPORT: _import,
    JobKind.RETURNS: _import,
    JobKind.ENTITLE: _entitle,
    JobKind.PAY_EXPORT: _pay_export,
    JobKind.AUDIT: _audit,
    JobKind.WHAT_IF: _whatif,
}


# ---- a worker that died ----------------------------------------------------------------


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(worker: str) -> bool:
    """Whether the worker process that claimed a job still runs. One on another machine is
    taken to be alive: only its own machine can tell."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_reap() -> int:
    """Mark failed the running jobs whose worker process is gone (killed, out of memory, the
    machine restarted): they would otherwise show "处理中" for ever. They can be run again."""
    running = Job.objects.filter(status=JobStatus.RUNNING).exclude(worker="")
    dead = [job.pk for job in running.only("pk", "worker") if not _alive(job.worker)]
    if not dead:
        return 0
    return Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        message="后台处理进程意外退出，未做任何更改；可以重新运行",
        finished_at=timezone.now(),
    )


def _uploads_expire() -> None:
    """Uploads of previews nobody confirmed, and of failures nobody ran again, are deleted
    after a day."""
    from zizhu.web.jobs import upload_delete

    old = timezone.now() - UPLOAD_KEEP
    stale = Job.objects.filter(
        status__in=[JobStatus.AWAITING, JobStatus.FAILED], created_at__lt=old
    ).exclude(path="")
    for job in stale:  # a handful at most: one per abandoned upload
        upload_delete(job)
        if job.status == JobStatus.AWAITING:
            Job.objects.filter(pk=job.pk, status=JobStatus.AWAITING).update(
                status=JobStatus.CANCELLED, message="预览超过一天未确认，已取消，未做任何更改"
            )
        Job.objects.filter(pk=job.pk).update(path="")


# ---- progress ----------------------------------------------------------------------------

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

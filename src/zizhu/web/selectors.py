"""Reads of the web application's own rows (jobs). Everything about students, schools and
lists comes from the engine areas' selectors, with the user's Scope as filter."""

from __future__ import annotations

from typing import Any

from zizhu.web.models import Job
from zizhu.web.worker import jobs_reap


def job_of_user(*, user: Any, job_id: int) -> Job | None:
    """A job only its starter may see; anyone else gets None (a 404). A job whose worker has
    died is marked failed on the way."""
    jobs_reap()
    return Job.objects.filter(pk=job_id, user=user).first()


def jobs_of_user(*, user: Any, limit: int = 20) -> list[Job]:
    return list(Job.objects.filter(user=user).order_by("-id")[:limit])

"""The database task backend and its worker: a job queued by a page runs in `db_worker`."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.web.conftest import City
from zizhu.web.jobs import entitle_job_start
from zizhu.web.models import Job


@pytest.mark.django_db(transaction=True)
def test_a_queued_job_waits_for_the_worker_and_then_runs(settings, tmp_path):  # type: ignore[no-untyped-def]
    from tests.web.conftest import build_city

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    city: City = build_city(tmp_path)
    assert city.student_a
    from django.contrib.auth import get_user_model

    job = entitle_job_start(user=get_user_model().objects.get(username="city"), term="2019-2")
    assert Job.objects.get(pk=job.pk).status == "QUEUED"
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    done = Job.objects.get(pk=job.pk)
    assert done.status == "DONE", done.message
    assert done.result["programs"]["SEN_GRANT"]["students"] == 2

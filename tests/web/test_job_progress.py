"""The job page's progress bar: 0% while queued, the import's own stages while it runs (read
from the shared cache, not the Job row), 100% once done."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web.conftest import City, client_for
from tests.web.rosters import school_a_roster
from tests.web.test_imports import upload
from zizhu.core.progress import Progress
from zizhu.web import worker
from zizhu.web.models import Job


def bar(page: str) -> tuple[str | None, str]:
    """The progress element's value (None: no value) and the caption beside it."""
    found = re.search(r'<progress id="job-bar"(?: max="100" value="(\d+)")?>', page)
    assert found, page
    caption = re.search(r'<p id="job-caption">([^<]*)</p>', page)
    return found.group(1), caption.group(1) if caption else ""


def school_job(status: str, kind: str = "IMPORT") -> Job:
    return Job.objects.create(
        kind=kind, user=get_user_model().objects.get(username="school_in"),
        import_kind="students", term="2019-2", file_name="roster.xlsx", status=status,
    )  # fmt: skip


def page_of(job_id: int, *, htmx: bool = False) -> str:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for("school_in").get(reverse("web:job", args=[job_id]), **headers)
    return str(response.content.decode())


def test_a_queued_job_shows_zero_percent(city: City) -> None:
    assert bar(page_of(school_job("QUEUED").pk)) == ("0", "0% 等待后台处理")


def test_a_running_import_shows_the_percent_and_stage_it_last_reported(
    city: City, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page, polled while the import runs (the immediate backend runs it inside the
    upload's request), shows what the import reported through the cache."""
    seen: dict[str, tuple[str | None, str]] = {}
    real = worker.import_run

    def watched(*, progress: Progress, **kwargs: Any) -> Any:
        def watching(fraction: float, stage: str) -> None:
            progress(fraction, stage)
            running = Job.objects.get(file_name="名册.xlsx")
            assert running.status == "RUNNING"
            seen[stage] = bar(page_of(running.pk, htmx=True))

        return real(progress=watching, **kwargs)

    monkeypatch.setattr(worker, "import_run", watched)
    roster = upload(school_a_roster(tmp_path / "名册.xlsx"))
    client_for("school_in").post(
        reverse("web:imports"),
        {"kind": "students", "term": "2019-2", "file": roster, "partial": "on"},
    )
    assert seen["读取文件"] == ("0", "0% 读取文件")
    assert seen["写入数据库"] == ("40", "40% 写入数据库")
    assert seen["更新名册"] == ("70", "70% 更新名册")
    assert seen["完成"] == ("100", "100% 完成")
    job = Job.objects.get(file_name="名册.xlsx")
    assert job.status == "DONE"
    assert worker.job_progress(job.pk) == (1.0, "完成")
    page = page_of(job.pk)
    assert bar(page) == ("100", "100%")
    assert "下载错误文件" in page  # the summary and the error file are still there


def test_a_running_job_that_reports_nothing_shows_a_bar_without_a_value(city: City) -> None:
    assert bar(page_of(school_job("RUNNING").pk)) == (None, "")


def test_a_refused_job_does_not_claim_100_percent(city: City) -> None:
    page = page_of(school_job("REFUSED").pk)
    assert bar(page) == ("100", "")

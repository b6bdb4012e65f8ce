"""Uploading files from the imports page: background job, summary, error file, scope."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import City, client_for
from tests.web.rosters import school_a_roster
from zizhu.core.scope import Scope
from zizhu.registry.selectors import student_search
from zizhu.web.import_templates import TEMPLATE_HEADERS
from zizhu.web.models import Job


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_a_school_officer_imports_its_roster_and_gets_the_error_file(city: City, tmp_path: Path):
    client = client_for("school_in")
    roster = school_a_roster(tmp_path / "名册.xlsx")
    response = client.post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    assert response["Location"] == reverse("web:job", args=[job.pk])
    assert job.status == "DONE"
    assert (job.result["accepted"], job.result["rejected"]) == (2, 1)
    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert "下载错误文件" in page and "第 4 行" in page
    errors = client.get(reverse("web:job_errors", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    assert sheet.cell(1, sheet.max_column).value == "错误原因"
    at_a = Scope.of_school("4408020003", county="440802")
    assert student_search(scope=at_a, query="赵一", id_prefix=True).total == 1


def test_a_school_officer_cannot_import_another_schools_rows(city: City, tmp_path: Path):
    roster = school_a_roster(tmp_path / "名册.xlsx", other_school=True)
    response = client_for("school_in").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    assert response.status_code == 200
    assert "超出您的管辖范围" in response.content.decode()
    assert not Job.objects.filter(file_name="名册.xlsx").exists()
    assert student_search(scope=Scope.city(), query="赵一", id_prefix=True).total == 0


def test_a_county_officer_cannot_import_another_countys_school(city: City, tmp_path: Path):
    roster = school_a_roster(tmp_path / "名册.xlsx")
    response = client_for("county_out").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    assert "超出您的管辖范围" in response.content.decode()


def test_a_department_may_upload_only_its_own_kind_of_list(city: City, tmp_path: Path):
    roster = school_a_roster(tmp_path / "名册.xlsx")
    response = client_for("department").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    assert response.status_code == 200
    assert not Job.objects.exists() or not Job.objects.filter(file_name="名册.xlsx").exists()


def test_a_refused_file_says_why_on_the_job_page(city: City, tmp_path: Path):
    bad = tmp_path / "empty.csv"
    bad.write_text("nothing,here\n", encoding="utf-8")
    client_for("city").post(reverse("web:imports"), {"kind": "schools", "file": upload(bad)})
    job = Job.objects.get(file_name="empty.csv")
    assert job.status == "REFUSED" and "未做任何更改" in job.message


@pytest.mark.parametrize("kind", list(TEMPLATE_HEADERS))
def test_each_template_has_the_exact_headers_of_formats_md(kind: str, city: City):
    response = client_for("city").get(reverse("web:import_template", args=[kind]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.active[1]]
    assert header == TEMPLATE_HEADERS[kind]


def test_running_entitle_from_the_dashboard_is_a_background_job(city: City):
    client = client_for("county_in")
    response = client.post(reverse("web:entitle"), {"term": "2019-2"})
    job = Job.objects.get(kind="ENTITLE")
    assert response["Location"] == reverse("web:job", args=[job.pk])
    assert job.status == "DONE" and "SEN_GRANT" in job.result["programs"]

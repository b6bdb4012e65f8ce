"""No file takes the server down: limits checked before a file is expanded, parsing only in
the background worker, uploads deleted when their job ends, a job whose worker died marked
failed and run again."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.files import write_sheet
from tests.ids import make_id
from tests.refusals import refused
from tests.registry.roster import HEADER as ROSTER_HEADER
from tests.registry.roster import student
from tests.web.conftest import SCHOOL_A, City, client_for
from zizhu.bench._run import run_logged
from zizhu.core.errors import Code
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.registry.models import Enrolment
from zizhu.web.models import Job

MB = 2**20


def bomb(path: Path, cell_mb: int) -> Path:
    """A valid .xlsx of a few hundred KB whose one shared string expands to `cell_mb` MB."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings'
            '.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="学生名册" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
            '"worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target='
            '"sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s">'
            "<v>0</v></c></row></sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                         b'openxmlformats.org/spreadsheetml/2006/main"><si><t>')  # fmt: skip
            for _ in range(cell_mb):
                shared.write(b"A" * MB)
            shared.write(b"</t></si></sst>")
    return path


def test_a_workbook_built_to_expand_is_refused_before_it_is_read(db, tmp_path: Path) -> None:
    path = bomb(tmp_path / "名册.xlsx", cell_mb=300)
    assert path.stat().st_size < MB
    with refused(Code.FILE_TOO_LARGE):
        import_run(kind="students", path=path, scope=Scope.city(), actor="test")


@pytest.mark.django_db(transaction=True)
def test_the_bomb_costs_the_command_no_memory(tmp_path: Path, database: str) -> None:
    """The old reader took 4.6 GB for such a file: the command now stays small (its peak
    measured as the benchmarks measure it, from a process of its own)."""
    path = bomb(tmp_path / "名册.xlsx", cell_mb=500)
    command = [sys.executable, "-m", "zizhu.cli", "import", "students", str(path), "--json"]
    env = {**os.environ, "DATABASE_URL": database, "ZIZHU_VAR_DIR": str(tmp_path)}
    code, _, peak_mib = run_logged(command, tmp_path / "logs" / "bomb", env)
    assert code == 3
    out = (tmp_path / "logs" / "bomb.out").read_text()
    assert json.loads(out)["code"] == "FILE_TOO_LARGE"
    assert peak_mib < 600, peak_mib  # the interpreter, Django and polars: no 500 MB cell


@pytest.mark.django_db(transaction=True)
def test_an_operator_sets_the_limits_from_the_environment(tmp_path: Path, database: str) -> None:
    """A bureau larger than Zhanjiang raises a limit (or a careful one lowers it) for
    `zizhu import` through the environment, as docs/security.md says."""
    rows = [ROSTER_HEADER] + [["2019-2", SCHOOL_A, "", f"学生{n}"] for n in range(6)]
    path = write_sheet(tmp_path / "名册.csv", rows)
    command = [sys.executable, "-m", "zizhu.cli", "import", "students", str(path), "--json"]
    env = {**os.environ, "DATABASE_URL": database, "ZIZHU_VAR_DIR": str(tmp_path),
           "ZIZHU_IMPORT_MAX_ROWS": "5"}  # fmt: skip
    code, _, _ = run_logged(command, tmp_path / "logs" / "rows", env)
    assert code == 3
    assert json.loads((tmp_path / "logs" / "rows.out").read_text())["code"] == "FILE_TOO_LARGE"
    assert not Enrolment.objects.exists()


def test_rows_and_cells_beyond_the_limits_are_refused(db, tmp_path: Path, settings) -> None:
    settings.ZIZHU_IMPORT_MAX_ROWS = 5
    many = [ROSTER_HEADER] + [["2019-2", SCHOOL_A, "", f"学生{n}"] for n in range(6)]
    with refused(Code.FILE_TOO_LARGE):
        import_run(kind="students", path=write_sheet(tmp_path / "many.csv", many),
                   scope=Scope.city(), actor="test")  # fmt: skip
    settings.ZIZHU_IMPORT_MAX_CELL_CHARS = 100
    long = [ROSTER_HEADER, ["2019-2", SCHOOL_A, "", "长" * 101]]
    with refused(Code.FILE_TOO_LARGE):
        import_run(kind="students", path=write_sheet(tmp_path / "long.xlsx", long),
                   scope=Scope.city(), actor="test")  # fmt: skip


def test_an_upload_over_the_size_limit_is_refused_without_saving_it(
    city: City, tmp_path: Path, settings
) -> None:
    settings.ZIZHU_IMPORT_MAX_MB = 1
    big = SimpleUploadedFile("名册.csv", b"x" * (MB + 1))
    response = client_for("school_in").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": big}
    )
    assert response.status_code == 200
    assert "上传限制" in response.content.decode()
    assert not Job.objects.filter(file_name="名册.csv").exists()
    uploads = Path(settings.UPLOADS_DIR)
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_job_whose_worker_died_is_marked_failed_and_can_be_run_again(
    city: City, tmp_path: Path, settings
) -> None:
    folder = Path(settings.UPLOADS_DIR) / "dead"
    folder.mkdir(parents=True)
    rows = [ROSTER_HEADER, student(make_id(birth="20040505", seq=21), name="新生",
                                   school=SCHOOL_A, stage="普通高中", grade="1")]  # fmt: skip
    path = write_sheet(folder / "名册.xlsx", rows, sheet="学生名册")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    job = Job.objects.create(
        kind="IMPORT", user=get_user_model().objects.get(username="school_in"),
        import_kind="students", term="2019-2", file_name=path.name, path=str(path),
        status="RUNNING", worker=f"{socket.gethostname()}:{dead}", partial=True,
    )  # fmt: skip
    page = client_for("school_in").get(reverse("web:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "FAILED" and "意外退出" in job.message
    assert 'id="job-again"' in page and path.exists()  # kept, to run again
    client_for("school_in").post(reverse("web:job_again", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.result["accepted"]) == ("DONE", 1), job.result
    assert Enrolment.objects.filter(name="新生", on_roster=True).exists()
    assert not path.exists()  # gone once the job is done


def test_another_user_cannot_run_a_failed_job_again(city: City) -> None:
    job = Job.objects.create(
        kind="IMPORT", user=get_user_model().objects.get(username="school_in"),
        import_kind="students", term="2019-2", file_name="x.xlsx", status="FAILED",
    )  # fmt: skip
    client_for("school_out").post(reverse("web:job_again", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "FAILED"


def test_refused_uploads_leave_everyones_cached_figures_in_place(
    city: City, tmp_path: Path
) -> None:
    """A refused import changes nothing: it must not make every page compute its figures
    again (a stream of hostile uploads would otherwise take the site's speed with it)."""
    from zizhu.web.caching import cached

    first = cached("a figure", "key", compute=lambda: "computed once")
    rows = [ROSTER_HEADER, student(make_id(birth="20040505", seq=23), name="外校",
                                   school="4408030009", stage="普通高中", grade="1")]  # fmt: skip
    path = write_sheet(tmp_path / "名册.xlsx", rows, sheet="学生名册")
    for _ in range(3):
        with path.open("rb") as handle:
            client_for("school_in").post(
                reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": handle}
            )
    assert Job.objects.filter(status="REFUSED").count() == 3

    def again() -> str:
        raise AssertionError("the refused uploads emptied the cache")

    assert cached("a figure", "key", compute=again) == first

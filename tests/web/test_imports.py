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
from tests.web.steps import confirmed
from zizhu.core.scope import Scope
from zizhu.registry.models import Enrolment
from zizhu.registry.selectors import student_search
from zizhu.web.models import Job


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def on_roster(school: str = "4408020003") -> set[str]:
    return set(
        Enrolment.objects.filter(school_id=school, term_id="2019-2", on_roster=True).values_list(
            "name", flat=True
        )
    )


def test_a_school_officer_imports_its_roster_and_gets_the_error_file(city: City, tmp_path: Path):
    client = client_for("school_in")
    roster = school_a_roster(tmp_path / "名册.xlsx")
    before = on_roster()
    response = client.post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    assert response["Location"] == reverse("web:job", args=[job.pk])
    # The school's two students absent from the file would leave: first a preview, no change.
    assert job.status == "AWAITING"
    assert (job.result["joined"], job.result["left"], job.result["changed"]) == (2, 2, 0)
    assert on_roster() == before
    preview = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert 'id="roster-preview"' in preview and 'id="confirm-import"' in preview
    client.post(reverse("web:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "DONE"
    assert (job.result["accepted"], job.result["rejected"]) == (2, 1)
    assert (job.result["joined"], job.result["left"]) == (2, 2)
    assert on_roster() == {"赵一", "钱二"}
    assert not Path(job.path).exists()  # the upload is gone once the import is done
    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert "下载错误文件" in page and "第 4 行" in page
    errors = client.get(reverse("web:job_errors", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    assert sheet.cell(1, sheet.max_column).value == "错误原因"
    at_a = Scope.of_school("4408020003", county="440802")
    assert student_search(scope=at_a, query="赵一", id_prefix=True).total == 1


def test_a_correction_adds_its_rows_and_takes_nobody_off(city: City, tmp_path: Path):
    before = on_roster()
    roster = school_a_roster(tmp_path / "更正.xlsx")
    client_for("school_in").post(
        reverse("web:imports"),
        {"kind": "students", "term": "2019-2", "file": upload(roster), "partial": "on"},
    )
    job = Job.objects.get(file_name="更正.xlsx")
    assert job.status == "DONE" and job.partial
    assert (job.result["joined"], job.result["left"]) == (2, 0)
    assert on_roster() == before | {"赵一", "钱二"}


def test_a_confirmation_is_refused_when_the_roster_changed_since_the_preview(
    city: City, tmp_path: Path
):
    client = client_for("school_in")
    roster = school_a_roster(tmp_path / "名册.xlsx")
    client.post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    assert job.result["left"] == 2
    # Meanwhile one of the leavers left by another import: the preview no longer holds.
    Enrolment.objects.filter(school_id="4408020003", name="李明").update(on_roster=False)
    client.post(reverse("web:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.code) == ("REFUSED", "FILE_CHANGED")
    assert on_roster() == {"陈小红"}


def test_a_cancelled_preview_changes_nothing_and_deletes_the_upload(city: City, tmp_path: Path):
    client = client_for("school_in")
    before = on_roster()
    roster = school_a_roster(tmp_path / "名册.xlsx")
    client.post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    client.post(reverse("web:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "CANCELLED" and not Path(job.path).exists()
    assert on_roster() == before
    # and another user cannot confirm or cancel it
    assert (
        client_for("school_out").post(reverse("web:job_confirm", args=[job.pk])).status_code == 404
    )


def test_a_school_officer_cannot_import_another_schools_rows(city: City, tmp_path: Path):
    roster = school_a_roster(tmp_path / "名册.xlsx", other_school=True)
    response = client_for("school_in").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    assert response["Location"] == reverse("web:job", args=[job.pk])
    assert (job.status, job.code) == ("REFUSED", "SCOPE_OUTSIDE")
    page = client_for("school_in").get(response["Location"]).content.decode()
    assert "超出您管辖范围" in page
    assert student_search(scope=Scope.city(), query="赵一", id_prefix=True).total == 0
    assert not Path(job.path).exists()  # a refused upload is deleted


def test_a_county_officer_cannot_import_another_countys_school(city: City, tmp_path: Path):
    roster = school_a_roster(tmp_path / "名册.xlsx")
    client_for("county_out").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(roster)}
    )
    job = Job.objects.get(file_name="名册.xlsx")
    assert (job.status, job.code) == ("REFUSED", "SCOPE_OUTSIDE")
    assert student_search(scope=Scope.city(), query="赵一", id_prefix=True).total == 0


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


# The headers of spec/formats.md, table by table: the contract the templates must follow.
FORMATS_MD = {
    "schools": ("学校名册", ["学校标识码", "学校名称", "区县代码", "学段", "办学性质", "城乡分类",
                            "学费标准", "学费起始学期"]),
    "students": ("学生名册", ["学期", "学校标识码", "学籍号", "姓名", "性别", "身份证件号", "学段",
                             "年级", "班级", "是否寄宿", "户籍地代码", "户口性质", "在校状态",
                             "专业", "涉农专业", "收款人姓名", "收款人身份证号", "收款账号",
                             "开户银行"]),
    "jdlk": ("建档立卡贫困人口", ["年度", "区县代码", "户编号", "户主姓名", "户主身份证号", "姓名",
                                 "身份证件号", "与户主关系", "脱贫状态"]),
    "civil": ("民政救助对象", ["姓名", "身份证件号", "救助类别", "起始日期", "终止日期",
                               "区县代码"]),
    "disability": ("残疾人", ["姓名", "身份证件号", "残疾证号", "残疾类别", "残疾等级",
                             "区县代码"]),
    "hardship": ("家庭经济困难学生认定", ["学期", "学校标识码", "学籍号", "姓名", "身份证件号",
                                         "困难等级", "认定依据"]),
    "loans": ("生源地信用助学贷款", ["合同编号", "学年", "姓名", "身份证件号", "户籍地代码",
                                    "就读高校", "学历层次", "贷款金额", "放款日期"]),
    "returns": ("银行回盘", ["批次号", "序号", "收款人姓名", "收款账号", "金额", "处理结果",
                            "失败原因"]),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(FORMATS_MD))
def test_each_template_has_the_exact_sheet_and_headers_of_formats_md(kind: str, city: City):
    response = client_for("city").get(reverse("web:import_template", args=[kind]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.active[1]]
    assert (book.active.title, header) == FORMATS_MD[kind]


def test_running_entitle_from_the_dashboard_is_a_background_job(city: City):
    client = client_for("county_in")
    response = confirmed(client, reverse("web:entitle"))
    job = Job.objects.get(kind="ENTITLE")
    assert response["Location"] == reverse("web:job", args=[job.pk])
    assert job.status == "DONE" and "SEN_GRANT" in job.result["programs"]

"""One reading of a file: jurisdiction is checked on exactly the rows an import takes.

Each attack is a real file built to slip a row of another school or county past the check
(a decoy header row, a foreign row among good ones, another sheet, .xls, a GB18030 CSV, title
rows and merged cells), sent through the real upload page or the real `zizhu import --user`
command. Each must be refused whole with SCOPE_OUTSIDE, and the database must be exactly as
it was, but for the event that records the refused attempt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cli import finish, zizhu
from tests.files import write_sheet
from tests.ids import make_id
from tests.loans.scenario import HEADER as LOAN_HEADER
from tests.loans.scenario import loan
from tests.payments.city import answers, returns_file
from tests.registry.roster import HEADER as ROSTER_HEADER
from tests.registry.roster import student
from tests.web.conftest import SCHOOL_A, SCHOOL_C, City, PaidCity, client_for
from zizhu.aid.models import Entitlement
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.loans.models import Loan
from zizhu.payments.models import Payment
from zizhu.registry.models import Enrolment, Person, School
from zizhu.sources.models import HardshipAssessment
from zizhu.web.models import Job

UNIVERSITY = "4408020099"  # a 高校 located in county 440802


def database_state() -> dict[str, Any]:
    """Everything an import could change, row by row (the city is small)."""
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "enrolments": list(Enrolment.objects.order_by("pk").values()),
        "assessments": list(HardshipAssessment.objects.order_by("pk").values()),
        "loans": list(Loan.objects.order_by("pk").values()),
        "payments": list(Payment.objects.order_by("pk").values()),
        "entitlements": list(Entitlement.objects.order_by("pk").values()),
        "events": list(
            Event.objects.exclude(action__startswith="import.refused")
            .exclude(action__startswith="web.")
            .order_by("pk")
            .values("pk", "action")
        ),
    }


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def roster_row(school: str, name: str, seq: int, **fields: str) -> list[Any]:
    common = {"school": school, "stage": "普通高中", "grade": "1", "hukou": "440802"}
    return student(make_id(birth="20040401", seq=seq), name=name, **{**common, **fields})


def assert_refused_upload(user: str, kind: str, path: Path, **post: str) -> Job:
    before = database_state()
    client_for(user).post(reverse("web:imports"), {"kind": kind, "file": upload(path), **post})
    job = Job.objects.get(file_name=path.name)
    assert (job.status, job.code) == ("REFUSED", "SCOPE_OUTSIDE"), job.message
    assert database_state() == before
    refusal = Event.objects.get(action=f"import.refused.{kind}")
    assert refusal.detail["code"] == "SCOPE_OUTSIDE" and refusal.subject == path.name
    assert not Path(job.path).exists()  # the refused upload is deleted
    return job


# ---- 学生名册: a school officer and another school's rows ---------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_a_decoy_header_row_does_not_hide_another_schools_rows(
    city: City, tmp_path: Path, suffix: str
) -> None:
    """The attack that worked: a first row holding only 学校标识码 and 户籍地代码 (the columns
    the old scope check looked for), the real header below it, every row another school's."""
    rows = [
        ["学校标识码", "户籍地代码"],
        ROSTER_HEADER,
        roster_row(SCHOOL_C, "外校甲", 11, hukou="440803"),
        roster_row(SCHOOL_C, "外校乙", 13, hukou="440803"),
    ]
    path = write_sheet(tmp_path / f"名册{suffix}", rows, sheet="学生名册")
    job = assert_refused_upload("school_in", "students", path, term="2019-2")
    assert "第 3、4 行" in job.message


@pytest.mark.parametrize(
    ("suffix", "extra"),
    [
        (".xlsx", {"title_rows": ["湛江市学生名册", "填报单位：某校"], "merge_titles": True}),
        (".xlsx", {"other_sheet_first": True}),
        (".xls", {"title_rows": ["学生名册"]}),
        (".csv", {"encoding": "gb18030", "title_rows": ["学生名册（GB18030）"]}),
        (".csv", {"encoding": "utf-8-sig"}),
    ],
)
def test_one_foreign_row_among_good_ones_refuses_the_whole_roster(
    city: City, tmp_path: Path, suffix: str, extra: dict[str, Any]
) -> None:
    rows = [
        ROSTER_HEADER,
        roster_row(SCHOOL_A, "本校甲", 21),
        roster_row(SCHOOL_A, "本校乙", 23),
        roster_row(SCHOOL_C, "外校丙", 25, hukou="440803"),
    ]
    path = write_sheet(tmp_path / f"名册{suffix}", rows, sheet="学生名册", **extra)
    assert_refused_upload("school_in", "students", path, term="2019-2")


def test_a_correction_with_a_foreign_row_is_refused_too(city: City, tmp_path: Path) -> None:
    rows = [ROSTER_HEADER, roster_row(SCHOOL_A, "本校甲", 31), roster_row(SCHOOL_C, "外校", 33)]
    path = write_sheet(tmp_path / "更正.xlsx", rows, sheet="学生名册")
    assert_refused_upload("school_in", "students", path, term="2019-2", partial="on")


def test_a_row_whose_school_moves_to_another_county_is_outside_a_county_officer(
    city: City, tmp_path: Path
) -> None:
    """A county officer's own school, but the row is a 高校 student of another county's 户籍
    at a university located in the officer's county: the row belongs to the 户籍 county."""
    School.objects.create(
        code=UNIVERSITY, name="湛江某学院", county_code="440802", stages="HIGHER",
        ownership="PUBLIC",
    )  # fmt: skip
    rows = [
        ROSTER_HEADER,
        roster_row(UNIVERSITY, "大学生", 41, stage="高校", grade="2", hukou="440803"),
    ]
    path = write_sheet(tmp_path / "高校名册.xlsx", rows, sheet="学生名册")
    assert_refused_upload("county_in", "students", path, term="2019-2")


# ---- 认定, loans, bank returns ------------------------------------------------------------


def test_a_schools_assessment_file_naming_another_school_is_refused(
    city: City, tmp_path: Path
) -> None:
    header = ["学期", "学校标识码", "学籍号", "姓名", "身份证件号", "困难等级", "认定依据"]
    rows = [
        ["学校标识码", "户籍地代码"],  # the decoy
        header,
        ["2019-2", SCHOOL_C, None, "王芳", make_id(region="440803", seq=3), "困难", "低保"],
    ]
    path = write_sheet(tmp_path / "认定.xlsx", rows, sheet="家庭经济困难学生认定")
    assert_refused_upload("school_in", "hardship", path, term="2019-2")


def test_a_county_cannot_rewrite_another_countys_loan_contract(city: City, tmp_path: Path) -> None:
    """A row with another county's 合同编号 and the uploader's own 户籍地代码 would have moved
    the contract and changed its amount (the import upserts by contract number)."""
    theirs_row = loan("HT-440803-001", make_id(region="440803", birth="20000101", seq=5),
                      hukou="440803", amount="6000")  # fmt: skip
    theirs = write_sheet(tmp_path / "霞山贷款.xlsx", [LOAN_HEADER, theirs_row])
    import_run(kind="loans", path=theirs, scope=Scope.city(), actor="test")
    mine = loan("HT-440803-001", make_id(region="440802", birth="20000101", seq=7),
                hukou="440802", amount="8000")  # fmt: skip
    stolen = write_sheet(
        tmp_path / "贷款.xlsx",
        [["合同编号", "户籍地代码"], LOAN_HEADER, mine],
        sheet="生源地信用助学贷款",
    )
    assert_refused_upload("county_in", "loans", stolen)
    contract = Loan.objects.get(contract_no="HT-440803-001")
    assert (contract.hukou_code, contract.amount_fen) == ("440803", 600000)


def test_a_county_cannot_answer_another_countys_bank_batch(
    paid_city: PaidCity, tmp_path: Path
) -> None:
    rows = answers(paid_city.file_a)  # county 440802's batch
    back = returns_file(tmp_path / "回盘.xlsx", rows)
    before = database_state()
    client_for("county_out").post(reverse("web:payments"), {"term": "2019-2", "file": upload(back)})
    job = Job.objects.get(file_name="回盘.xlsx")
    assert (job.status, job.code) == ("REFUSED", "SCOPE_OUTSIDE")
    assert database_state() == before


def test_a_department_may_not_upload_a_roster_or_another_departments_list(
    city: City, tmp_path: Path
) -> None:
    rows = [ROSTER_HEADER, roster_row(SCHOOL_A, "甲", 51)]
    path = write_sheet(tmp_path / "名册.xlsx", rows, sheet="学生名册")
    before = database_state()
    client_for("department").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(path)}
    )
    client_for("department").post(reverse("web:imports"), {"kind": "civil", "file": upload(path)})
    assert not Job.objects.filter(file_name="名册.xlsx").exists()
    assert database_state() == before


def test_an_auditor_cannot_upload_anything(city: City, tmp_path: Path) -> None:
    rows = [ROSTER_HEADER, roster_row(SCHOOL_A, "甲", 61)]
    path = write_sheet(tmp_path / "名册.xlsx", rows, sheet="学生名册")
    response = client_for("auditor").post(
        reverse("web:imports"), {"kind": "students", "term": "2019-2", "file": upload(path)}
    )
    assert response.status_code == 403
    assert not Job.objects.exists() or not Job.objects.filter(file_name="名册.xlsx").exists()


# ---- the command line, run for a user ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_line_run_for_a_school_user_refuses_another_schools_rows(
    tmp_path: Path, database: str
) -> None:
    """`zizhu import --user` acts in that user's jurisdiction: exit 3, the code in JSON."""
    env = {"ZIZHU_PASSWORD": "Zizhu-CLI-2019-test"}
    schools = write_sheet(
        tmp_path / "学校.xlsx",
        [
            ["学校标识码", "学校名称", "区县代码", "学段", "办学性质"],
            [SCHOOL_A, "赤坎中学", "440802", "普通高中", "公办"],
            [SCHOOL_C, "霞山中学", "440803", "普通高中", "公办"],
        ],
        sheet="学校名册",
    )
    finish(zizhu(database, tmp_path, "import", "schools", str(schools), **env))
    finish(zizhu(database, tmp_path, "createuser", "school_a", "--role", "SCHOOL",
                 "--school", SCHOOL_A, **env))  # fmt: skip
    rows = [ROSTER_HEADER, roster_row(SCHOOL_A, "本校", 71), roster_row(SCHOOL_C, "外校", 73)]
    roster = write_sheet(tmp_path / "名册.xlsx", rows, sheet="学生名册")
    out = finish(
        zizhu(database, tmp_path, "import", "students", str(roster), "--user", "school_a",
              "--json", **env),
        expect=3,
    )  # fmt: skip
    assert json.loads(out)["code"] == "SCOPE_OUTSIDE"
    # The same file without the foreign row goes in for that user.
    own = write_sheet(tmp_path / "本校.xlsx", rows[:2], sheet="学生名册")
    document = json.loads(
        finish(zizhu(database, tmp_path, "import", "students", str(own), "--user", "school_a",
                     "--json", **env))
    )  # fmt: skip
    assert (document["accepted"], document["joined"], document["left"]) == (1, 1, 0)

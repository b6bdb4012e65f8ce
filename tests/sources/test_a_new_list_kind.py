"""A department list is declared once: a list this test adds (退役军人事务局's 优抚对象, with a
category of its own) is imported, identified and paid by a program of a catalogue, with no
other change. docs/adding-a-list.md shows the same declaration as a change to the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from django.urls import reverse

from tests.aid.scenario import enrol, new_id, school
from tests.files import write_sheet
from tests.refusals import refused
from tests.web.conftest import client_for
from zizhu.aid.selectors import catalogue_read as load_catalogue
from zizhu.aid.services import entitle
from zizhu.core.errors import Code
from zizhu.core.scope import Scope
from zizhu.intake import values as v
from zizhu.intake.kinds import import_kinds
from zizhu.intake.layout import Column, Layout
from zizhu.intake.runner import import_run
from zizhu.sources.lists import (
    DepartmentList,
    InForce,
    category_labels,
    department_list_add,
    department_list_remove,
)
from zizhu.web.users import user_create

pytestmark = pytest.mark.django_db

VETERAN = DepartmentList(
    kind="VETERAN",
    department="退役军人事务局（优抚对象）",
    layout=Layout(
        kind="veteran",
        sheet="优抚对象",
        columns=(
            Column("姓名", "name", required=True),
            Column("身份证件号", "id_number", required=True),
            Column("优抚类别", "category", required=True),
            Column("区县代码", "county", required=True),
        ),
    ),
    category_header="优抚类别",
    record_values={"烈士子女": "MARTYR_CHILD", "伤残军人子女": "DISABLED_VETERAN_CHILD"},
    duplicate_keys=("county", "id_number"),
    duplicate_what="人和区县",
    own_columns=lambda: [],
    own_reasons=lambda today: [v.when_bad(pl.col("name") == "测试", "姓名不能是“测试”")],
    in_force=InForce.NEWEST,
    categories={"VETERAN_CHILD": "优抚对象子女"},
)
CATALOGUE = """
name = "测试：优抚对象子女补助"
terms = ["2019-2"]
[calendar]
publicity_working_days = 5
[[programs]]
code = "VETERAN_AID"
name = "优抚对象子女生活补助"
[programs.who]
stages = ["PRIMARY"]
categories = ["VETERAN_CHILD"]
[[programs.amounts]]
label = "800 元/学期"
amount = "800.00"
"""


@pytest.fixture
def veteran_list() -> Iterator[DepartmentList]:
    department_list_add(VETERAN)
    yield VETERAN
    department_list_remove(VETERAN.kind)


def test_a_declared_list_is_an_import_kind_with_its_template_and_category(
    veteran_list: DepartmentList,
) -> None:
    kind = import_kinds()["veteran"]
    assert kind.name == "优抚对象"
    assert kind.allows(Scope.of_department("VETERAN")) and kind.allows(Scope.city())
    assert not kind.allows(Scope.of_department("JDLK"))
    assert not kind.allows(Scope.of_county("440802"))
    assert category_labels()["VETERAN_CHILD"] == "优抚对象子女"


def test_a_declared_list_gives_its_category_and_a_catalogue_pays_for_it(
    veteran_list: DepartmentList, tmp_path: Path
) -> None:
    school("4408020001", "PRIMARY")
    child, other = new_id(), new_id()
    enrol(child, "4408020001", "PRIMARY", 3, name="烈士之子")
    enrol(other, "4408020001", "PRIMARY", 3, name="同班同学")
    path = write_sheet(
        tmp_path / "优抚对象.xlsx",
        [["姓名", "身份证件号", "优抚类别", "区县代码"],
         ["烈士之子", child, "烈士子女", "440802"],
         ["测试", new_id(), "烈士子女", "440802"]],
        sheet="优抚对象",
    )  # fmt: skip
    result = import_run(kind="veteran", path=path, scope=Scope.of_department("VETERAN"),
                        actor="web:veteran", errors_dir=tmp_path / "errors")  # fmt: skip
    assert (result.accepted, result.rejected) == (1, 1)
    assert result.errors[0].reason == "姓名不能是“测试”"
    policy = tmp_path / "优抚.toml"
    policy.write_text(CATALOGUE, encoding="utf-8")
    summary = entitle(
        term="2019-2", actor="test", scope=Scope.city(), catalogue=load_catalogue(policy)
    )
    assert summary.programs["VETERAN_AID"].students == 1
    assert summary.programs["VETERAN_AID"].amount_fen == 80000


def test_the_departments_own_user_uploads_it_and_no_other_list(
    veteran_list: DepartmentList, tmp_path: Path, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.UPLOADS_DIR = tmp_path / "uploads"
    user_create(actor="test", username="veteran", password="Zizhu-Web-2019-test",
                role="DEPARTMENT", department="VETERAN")  # fmt: skip
    page = client_for("veteran").get(reverse("web:imports")).content.decode()
    assert "优抚对象" in page and "建档立卡贫困人口" not in page
    with refused(Code.USER_INVALID):
        user_create(actor="test", username="nobody", password="Zizhu-Web-2019-test",
                    role="DEPARTMENT", department="NOSUCH")  # fmt: skip


def test_a_catalogue_naming_a_category_nobody_gives_is_refused(tmp_path: Path) -> None:
    policy = tmp_path / "优抚.toml"
    policy.write_text(CATALOGUE, encoding="utf-8")  # VETERAN not declared in this test
    with refused(Code.CATALOGUE_INVALID) as caught:
        load_catalogue(policy)
    assert "VETERAN_CHILD" in caught.value.message

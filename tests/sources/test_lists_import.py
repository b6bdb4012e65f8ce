import datetime as dt
from pathlib import Path

import pytest

from tests.files import write_sheet
from tests.ids import break_check, make_id
from tests.refusals import refused
from tests.setup_events import events_besides_setup
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.sources.models import SourceList, SourceRecord

CITY = Scope.city()

pytestmark = pytest.mark.django_db

JDLK = ["年度", "区县代码", "户编号", "户主姓名", "户主身份证号", "姓名", "身份证件号",
        "与户主关系", "脱贫状态"]  # fmt: skip
CIVIL = ["姓名", "身份证件号", "救助类别", "起始日期", "终止日期", "区县代码"]
DISABILITY = ["姓名", "身份证件号", "残疾证号", "残疾类别", "残疾等级", "区县代码"]

HEAD = make_id("440802", "19900101", 11)
CHILD_A = make_id("440802", "20050101", 123)
CHILD_B = make_id("440802", "20060202", 124)
CHILD_C = make_id("440803", "20070303", 125)


def jdlk_row(id_number: str, *, county: str = "440802", status: str = "未脱贫", year: str = "2019",
             name: str = "张三", head: str = HEAD) -> list[str | None]:  # fmt: skip
    return [year, county, "H001", "张父", head, name, id_number, "子", status]


def jdlk_file(tmp_path: Path, *rows: list[str | None], name: str = "jdlk.xlsx") -> Path:
    return write_sheet(tmp_path / name, [JDLK, *rows], sheet="建档立卡贫困人口")


def current(county: str, year: int | None = 2019, kind: str = "JDLK") -> SourceList:
    return SourceList.objects.filter(kind=kind, county_id=county, year=year).latest("version")


def test_it_imports_a_poverty_list_with_status_codes(tmp_path: Path, errors_dir: Path) -> None:
    path = jdlk_file(
        tmp_path,
        jdlk_row(CHILD_A),
        jdlk_row(CHILD_B, status="已脱贫享受政策"),
        jdlk_row(CHILD_C, county="440803", status="已脱贫不享受政策"),
    )
    result = import_run(kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (result.rows, result.accepted, result.unchanged, result.rejected) == (3, 3, 0, 0)
    record = SourceRecord.objects.get(id_number=CHILD_B)
    assert (record.category, record.head_id_number, record.row_no) == (
        "LIFTED_WITH_POLICY",
        HEAD,
        3,
    )
    assert SourceList.objects.filter(kind="JDLK", version=1).count() == 2
    assert current("440803").records.get().category == "LIFTED_NO_POLICY"


def test_a_list_version_keeps_its_provenance(tmp_path: Path, errors_dir: Path) -> None:
    path = jdlk_file(tmp_path, jdlk_row(CHILD_A), jdlk_row(CHILD_B))
    import_run(kind="jdlk", scope=CITY, path=path, actor="clerk", errors_dir=errors_dir)
    version = current("440802")
    event = Event.objects.get(action="import.jdlk")
    assert (version.file_name, version.imported_by, version.record_count) == (
        "jdlk.xlsx",
        "clerk",
        2,
    )
    assert len(version.file_sha256) == 64
    assert version.event_id == event.pk
    assert event.detail["file_sha256"] == version.file_sha256
    assert event.detail["lists_created"] == [
        {"county": "440802", "year": 2019, "version": 1, "records": 2, "added": 2, "removed": 0}
    ]
    assert event.counts == {"rows": 2, "accepted": 2, "unchanged": 0, "rejected": 0}


def test_importing_the_same_list_twice_makes_no_new_version(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = jdlk_file(tmp_path, jdlk_row(CHILD_A), jdlk_row(break_check(CHILD_B)))
    first = import_run(kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    second = import_run(kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (first.accepted, first.unchanged, first.rejected) == (1, 0, 1)
    assert (second.accepted, second.unchanged, second.rejected) == (0, 1, 1)
    assert second.errors == first.errors
    assert SourceList.objects.count() == 1
    assert Event.objects.filter(action="import.jdlk").count() == 2


def test_a_changed_list_makes_a_new_version_and_keeps_the_old_one(
    tmp_path: Path, errors_dir: Path
) -> None:
    old = jdlk_file(tmp_path, jdlk_row(CHILD_A), jdlk_row(CHILD_B), name="old.csv")
    import_run(kind="jdlk", scope=CITY, path=old, actor="test", errors_dir=errors_dir)
    # CHILD_A unchanged (on another row), CHILD_B lifted out of poverty, CHILD_B2 added.
    new_child = make_id("440802", "20080404", 127)
    new = jdlk_file(
        tmp_path,
        jdlk_row(CHILD_B, status="已脱贫不享受政策"),
        jdlk_row(new_child),
        jdlk_row(CHILD_A),
        name="new.csv",
    )
    result = import_run(kind="jdlk", scope=CITY, path=new, actor="test", errors_dir=errors_dir)
    assert (result.accepted, result.unchanged) == (2, 1)
    first, second = SourceList.objects.filter(county_id="440802").order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert sorted(first.records.values_list("id_number", "category")) == sorted(
        [(CHILD_A, "NOT_LIFTED"), (CHILD_B, "NOT_LIFTED")]
    )
    assert second.file_name == "new.csv"
    assert second.records.get(id_number=CHILD_A).row_no == 4


def test_a_list_that_only_lost_people_is_a_new_version(tmp_path: Path, errors_dir: Path) -> None:
    import_run(
        kind="jdlk",
        scope=CITY,
        path=jdlk_file(tmp_path, jdlk_row(CHILD_A), jdlk_row(CHILD_B), name="a.csv"),
        actor="test",
        errors_dir=errors_dir,
    )
    result = import_run(kind="jdlk", scope=CITY,
        path=jdlk_file(tmp_path, jdlk_row(CHILD_A), name="b.csv"), actor="test",
        errors_dir=errors_dir,
    )  # fmt: skip
    assert (result.accepted, result.unchanged) == (0, 1)
    assert list(current("440802").records.values_list("id_number", flat=True)) == [CHILD_A]
    created = Event.objects.latest("id").detail["lists_created"]
    assert created[0]["removed"] == 1


def test_counties_and_years_absent_from_a_file_are_untouched(
    tmp_path: Path, errors_dir: Path
) -> None:
    both = jdlk_file(tmp_path, jdlk_row(CHILD_A), jdlk_row(CHILD_C, county="440803"), name="a.csv")
    import_run(kind="jdlk", scope=CITY, path=both, actor="test", errors_dir=errors_dir)
    only_chikan = jdlk_file(
        tmp_path, jdlk_row(CHILD_B), jdlk_row(CHILD_A, year="2018"), name="b.csv"
    )
    result = import_run(
        kind="jdlk", scope=CITY, path=only_chikan, actor="test", errors_dir=errors_dir
    )
    assert result.accepted == 2
    assert current("440803").version == 1
    assert current("440802").version == 2
    assert current("440802", 2018).version == 1
    assert [r.id_number for r in current("440803").records.all()] == [CHILD_C]


def test_it_imports_civil_affairs_records_with_several_periods(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = write_sheet(
        tmp_path / "civil.xls",
        [
            CIVIL,
            ["李四", CHILD_A, "农村低保", "2018-01-01", "2018/12/31", "440802"],
            ["李四", CHILD_A, "农村低保", "20190101", None, "440802"],
            ["李四", CHILD_A, "孤儿", "2019-01-01", None, "440802"],
            ["王五", CHILD_C, "特困供养", "2019-3-1", None, "440803"],
        ],
        sheet="民政救助对象",
    )
    result = import_run(kind="civil", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (result.accepted, result.rejected) == (4, 0)
    records = current("440802", None, "CIVIL").records.order_by("row_no")
    assert [(r.category, str(r.start_date), str(r.end_date)) for r in records] == [
        ("RURAL_DIBAO", "2018-01-01", "2018-12-31"),
        ("RURAL_DIBAO", "2019-01-01", "None"),
        ("ORPHAN", "2019-01-01", "None"),
    ]
    again = import_run(kind="civil", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert (again.accepted, again.unchanged) == (0, 4)
    assert SourceList.objects.filter(kind="CIVIL").count() == 2


def test_it_imports_disabled_persons_with_their_certificates(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = write_sheet(
        tmp_path / "disability.csv",
        [
            DISABILITY,
            ["赵六", CHILD_A, CHILD_A + "42", "肢体", "二级", "440802"],
            ["钱七", CHILD_C, None, None, "四级", "440803"],
        ],
        encoding="gb18030",
    )
    result = import_run(
        kind="disability", scope=CITY, path=path, actor="test", errors_dir=errors_dir
    )
    assert (result.accepted, result.rejected) == (2, 0)
    record = current("440802", None, "DISABILITY").records.get()
    assert (record.category, record.certificate_no, record.disability_type) == (
        "2",
        CHILD_A + "42",
        "肢体",
    )
    again = import_run(
        kind="disability", scope=CITY, path=path, actor="test", errors_dir=errors_dir
    )
    assert (again.accepted, again.unchanged) == (0, 2)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (jdlk_row(break_check(CHILD_A)), "身份证件号校验位错误"),
        (jdlk_row(CHILD_A, status="脱贫"), "脱贫状态应为：未脱贫、已脱贫享受政策"),
        (jdlk_row(CHILD_A, county="110108"), "区县代码不是本系统管辖的区县"),
        (jdlk_row(CHILD_A, county="4408"), "区县代码应为6位数字"),
        (jdlk_row(CHILD_A, year="19"), "年度应为4位年份"),
        (jdlk_row(CHILD_A, year="٢٠١٩"), "年度应为4位年份"),  # Arabic-Indic digits
        (jdlk_row(CHILD_A, year="2099"), "年度应在 2000 年到今年之间"),
        (jdlk_row(CHILD_A, name=""), "姓名不能为空"),
        (jdlk_row(CHILD_A, head=break_check(HEAD)), "户主身份证号校验位错误"),
    ],
)  # fmt: skip
def test_it_rejects_bad_poverty_rows_with_a_chinese_reason(
    tmp_path: Path, errors_dir: Path, row: list[str | None], reason: str
) -> None:
    result = import_run(
        kind="jdlk", scope=CITY, path=jdlk_file(tmp_path, row), actor="test", errors_dir=errors_dir
    )
    assert result.rejected == 1
    assert reason in result.errors[0].reason
    assert SourceList.objects.count() == 0


def test_a_civil_period_that_ends_before_it_starts_is_rejected(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = write_sheet(
        tmp_path / "civil.csv",
        [
            CIVIL,
            ["李四", CHILD_A, "城市低保", "2019-06-01", "2019-05-31", "440802"],
            ["李四", CHILD_B, "城市低保", "2019-02-30", None, "440802"],
            ["李四", CHILD_C, "低保", "2019-01-01", None, "440803"],
        ],
    )
    result = import_run(kind="civil", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert [e.reason for e in result.errors] == [
        "终止日期早于起始日期",
        "起始日期不是有效日期（如 2019-09-01）",
        "救助类别应为：城市低保、农村低保、特困供养、孤儿、事实无人抚养儿童",
    ]


@pytest.mark.parametrize(
    ("certificate", "reason"),
    [
        (CHILD_A + "4", "残疾证号格式错误"),
        (CHILD_A + "4A", "残疾证号格式错误"),
        (CHILD_B + "42", "残疾证号的前18位与身份证件号不一致"),
    ],
)
def test_a_bad_disability_certificate_number_is_rejected(
    tmp_path: Path, errors_dir: Path, certificate: str, reason: str
) -> None:
    path = write_sheet(
        tmp_path / "d.csv", [DISABILITY, ["赵六", CHILD_A, certificate, None, "一级", "440802"]]
    )
    result = import_run(
        kind="disability", scope=CITY, path=path, actor="test", errors_dir=errors_dir
    )
    assert result.rejected == 1
    assert reason in result.errors[0].reason


def test_a_lowercase_x_in_a_certificate_number_is_read_as_x(
    tmp_path: Path, errors_dir: Path
) -> None:
    with_x = next(
        make_id("440802", "20050101", seq) for seq in range(1, 999) if make_id(seq=seq)[-1] == "X"
    )
    path = write_sheet(
        tmp_path / "d.csv",
        [DISABILITY, ["赵六", with_x[:-1] + "x", with_x[:-1] + "x11", None, "一级", "440802"]],
    )
    result = import_run(
        kind="disability", scope=CITY, path=path, actor="test", errors_dir=errors_dir
    )
    assert result.accepted == 1
    assert SourceRecord.objects.get().certificate_no == with_x + "11"


def test_the_same_record_twice_in_a_file_rejects_the_later_row(
    tmp_path: Path, errors_dir: Path
) -> None:
    jdlk = jdlk_file(
        tmp_path,
        jdlk_row(CHILD_A),
        jdlk_row(CHILD_A, year="2018"),
        jdlk_row(CHILD_A, status="已脱贫享受政策"),
    )
    result = import_run(kind="jdlk", scope=CITY, path=jdlk, actor="test", errors_dir=errors_dir)
    assert [(e.row, e.reason) for e in result.errors] == [
        (4, "与本文件前面的行重复（同一人、区县和年度）")
    ]
    civil = write_sheet(
        tmp_path / "c.csv",
        [
            CIVIL,
            ["李四", CHILD_A, "城市低保", "2019-01-01", None, "440802"],
            ["李四", CHILD_A, "城市低保", "20190101", "2019-12-31", "440802"],
        ],
    )
    result = import_run(kind="civil", scope=CITY, path=civil, actor="test", errors_dir=errors_dir)
    assert [e.reason for e in result.errors] == [
        "与本文件前面的行重复（同一人、救助类别和起始日期）"
    ]
    disability = write_sheet(
        tmp_path / "d.csv",
        [DISABILITY, ["赵六", CHILD_A, None, None, "一级", "440802"],
         ["赵六", CHILD_A, None, None, "二级", "440802"],
         ["赵六", CHILD_A, None, None, "二级", "440803"]],
    )  # fmt: skip
    result = import_run(
        kind="disability", scope=CITY, path=disability, actor="test", errors_dir=errors_dir
    )
    assert [e.reason for e in result.errors] == ["与本文件前面的行重复（同一人和区县）"]


def test_a_missing_required_column_refuses_the_file_and_writes_nothing(
    tmp_path: Path, errors_dir: Path
) -> None:
    header = [h for h in JDLK if h != "脱贫状态"]
    path = write_sheet(tmp_path / "bad.csv", [header, jdlk_row(CHILD_A)[:-1]])
    with refused(Code.FILE_MISSING_COLUMN):
        import_run(kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    civil = write_sheet(tmp_path / "c.csv", [CIVIL[:3], ["李四", CHILD_A, "孤儿"]])
    with refused(Code.FILE_MISSING_COLUMN):
        import_run(kind="civil", scope=CITY, path=civil, actor="test", errors_dir=errors_dir)
    assert events_besides_setup() == 0
    assert SourceList.objects.count() == 0


def test_the_list_is_read_from_its_named_sheet_under_title_rows(
    tmp_path: Path, errors_dir: Path
) -> None:
    path = write_sheet(
        tmp_path / "jdlk.xlsx",
        [JDLK, jdlk_row(CHILD_A)],
        sheet="建档立卡贫困人口",
        title_rows=["2019年建档立卡贫困人口名单"],
        other_sheet_first=True,
    )
    result = import_run(kind="jdlk", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert result.accepted == 1
    assert SourceRecord.objects.get().row_no == 3


def test_civil_dates_may_be_excel_date_cells(tmp_path: Path, errors_dir: Path) -> None:
    path = write_sheet(
        tmp_path / "civil.xlsx",
        [
            CIVIL,
            ["李四", CHILD_A, "城市低保", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "440802"],
        ],
        sheet="民政救助对象",
    )
    result = import_run(kind="civil", scope=CITY, path=path, actor="test", errors_dir=errors_dir)
    assert result.accepted == 1
    record = SourceRecord.objects.get()
    assert (record.start_date, record.end_date) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))

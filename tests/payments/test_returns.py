"""银行回盘: each row checked against what was sent, answers applied once, conflicts rejected,
unknown batches refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.payments.city import answers, build_city, read_detail, returns_file
from tests.refusals import refused
from zizhu.core.errors import Code
from zizhu.core.models import Event
from zizhu.core.scope import Scope
from zizhu.intake.runner import import_run
from zizhu.payments.models import Payment
from zizhu.payments.services import ExportResult, pay_export

CITY = Scope.city()

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(tmp_path: Path, errors_dir: Path) -> ExportResult:
    build_city(tmp_path, errors_dir)
    return pay_export(scope=Scope.city(), actor="county", term="2019-2", out=tmp_path / "out")


def statuses() -> list[tuple[str, int, str, str]]:
    return list(
        Payment.objects.order_by("batch__batch_no", "seq").values_list(
            "batch__batch_no", "seq", "status", "failure_reason"
        )
    )


def test_rows_that_do_not_repeat_what_was_sent_are_rejected_and_the_rest_applied(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    rows = answers(sent.batches[0].file)
    rows[0][4] = "1500.01"  # amount
    rows[1][3] = "6217000000000000999"  # account
    rows[2][2] = "李四"  # name
    result = import_run(
        kind="returns",
        scope=CITY,
        path=returns_file(tmp_path / "tampered.xlsx", rows),
        actor="bank",
        errors_dir=errors_dir,
    )
    assert (result.accepted, result.rejected, result.unchanged) == (1, 3, 0)
    assert [(e.row, e.reason) for e in result.errors] == [
        (2, "金额与发出的不一致"),
        (3, "收款账号与发出的不一致"),
        (4, "收款人姓名与发出的不一致"),
    ]
    assert result.errors_file is not None and Path(result.errors_file).exists()
    first = [s for s in statuses() if s[0] == sent.batches[0].batch_no]
    assert [s[2] for s in first] == ["SENT", "SENT", "SENT", "SUCCEEDED"]


def test_the_same_return_file_twice_changes_nothing_the_second_time(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    path = returns_file(tmp_path / "back.xlsx", answers(sent.batches[0].file, {3: "账户冻结"}))
    first = import_run(kind="returns", scope=CITY, path=path, actor="bank", errors_dir=errors_dir)
    assert (first.accepted, first.unchanged, first.extra) == (
        4, 0, {"succeeded": 3, "failed": 1},
    )  # fmt: skip
    before = list(Payment.objects.order_by("pk").values())
    second = import_run(kind="returns", scope=CITY, path=path, actor="bank", errors_dir=errors_dir)
    assert (second.accepted, second.unchanged, second.rejected, second.extra) == (
        0, 4, 0, {"succeeded": 0, "failed": 0},
    )  # fmt: skip
    assert list(Payment.objects.order_by("pk").values()) == before
    assert Event.objects.filter(action="import.returns").count() == 2


def test_a_different_answer_for_a_row_already_answered_is_a_conflict_and_rejected(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    batch = sent.batches[0]
    import_run(kind="returns", scope=CITY,
        path=returns_file(tmp_path / "a.xlsx", answers(batch.file, {2: "账号不存在"})),
        actor="bank", errors_dir=errors_dir,
    )  # fmt: skip
    before = statuses()
    changed = answers(batch.file, {1: "账户冻结", 2: "账户已销户"})
    result = import_run(
        kind="returns",
        scope=CITY,
        path=returns_file(tmp_path / "b.xlsx", changed),
        actor="bank",
        errors_dir=errors_dir,
    )
    assert (result.accepted, result.unchanged, result.rejected) == (0, 2, 2)
    assert [(e.row, e.reason) for e in result.errors] == [
        (2, "与已导入的回盘结果冲突：该笔已为成功"),
        (3, "与已导入的回盘结果冲突：该笔已为失败（账号不存在）"),
    ]
    assert statuses() == before


def test_a_file_naming_a_batch_never_sent_is_refused_whole(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    rows = answers(sent.batches[0].file)
    rows.append(["P2019-2-440802-JDLK_LIVING-009", 1, "学生1", "6217000000000000001", "1500",
                 "成功", None])  # fmt: skip
    events = Event.objects.count()
    with refused(Code.FILE_BATCH_UNKNOWN):
        import_run(
            kind="returns",
            scope=CITY,
            path=returns_file(tmp_path / "x.xlsx", rows),
            actor="bank",
            errors_dir=errors_dir,
        )
    assert {s[2] for s in statuses()} == {"SENT"}
    assert Event.objects.count() == events


def test_a_file_for_another_term_than_the_one_asked_is_refused(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    path = returns_file(tmp_path / "back.xlsx", answers(sent.batches[0].file))
    with refused(Code.FILE_TERM):
        import_run(
            kind="returns",
            scope=CITY,
            path=path,
            actor="bank",
            term="2019-1",
            errors_dir=errors_dir,
        )
    assert import_run(
        kind="returns", scope=CITY, path=path, actor="bank", term="2019-2", errors_dir=errors_dir
    ).accepted


def test_rows_breaking_the_value_rules_or_repeated_in_the_file_are_rejected(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    rows = answers(sent.batches[0].file)
    batch = rows[0][0]
    bad = [
        [batch, "一", *rows[0][2:]],
        [batch, 1, rows[0][2], rows[0][3], "1500.001", "成功", None],
        [batch, 1, rows[0][2], rows[0][3], rows[0][4], "已退回", None],
        [batch, 99, rows[0][2], rows[0][3], rows[0][4], "成功", None],
        rows[1],
        [*rows[1][:5], "失败", "账户冻结"],  # the same payment again: the later row
    ]
    result = import_run(kind="returns", scope=CITY,
        path=returns_file(tmp_path / "bad.csv", bad, encoding="gb18030"),
        actor="bank", errors_dir=errors_dir,
    )  # fmt: skip
    assert (result.accepted, result.rejected) == (1, 5)
    assert [(e.row, e.reason) for e in result.errors] == [
        (2, "序号应为正整数"),
        (3, "金额最多保留两位小数"),
        (4, "处理结果应为：成功、失败"),
        (5, "批次中没有这个序号"),
        (7, "与本文件前面的行重复（同一批次号和序号）"),
    ]
    assert Path(result.errors_file or "").suffix == ".csv"


def test_a_failure_keeps_the_banks_reason_and_a_success_keeps_none(
    tmp_path: Path, errors_dir: Path, sent: ExportResult
):
    rows = answers(sent.batches[0].file, {1: "户名不符"})
    rows[1][6] = "（无）"  # a reason given with 成功 means nothing
    import_run(
        kind="returns",
        scope=CITY,
        path=returns_file(tmp_path / "b.xlsx", rows),
        actor="bank",
        errors_dir=errors_dir,
    )
    first = [s for s in statuses() if s[0] == sent.batches[0].batch_no]
    assert [(s[2], s[3]) for s in first][:2] == [("FAILED", "户名不符"), ("SUCCEEDED", "")]
    sent_rows = read_detail(sent.batches[0].file)
    assert len(sent_rows) == len(first)

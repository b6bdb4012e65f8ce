"""`zizhu pay export` and `zizhu import returns` as an operator runs them, in subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from tests.aid.test_cli_lists import city, lists_worked_out_on, query
from tests.cli import finish, zizhu
from tests.payments.city import answers, returns_file

APPROVE = ["approve", "--term", "2019-2", "--publicity-start", "2019-09-02"]


def approved_city(database: str, tmp_path: Path, size: int) -> list[str]:
    people = city(database, tmp_path, size=size)
    finish(zizhu(database, tmp_path, "entitle", "--term", "2019-2"))
    lists_worked_out_on(database, "2019-08-30")  # before the paper 公示 began
    finish(zizhu(database, tmp_path, *APPROVE))
    return people


def export(database: str, tmp_path: Path, out: str, *more: str):  # type: ignore[no-untyped-def]
    args = ["pay", "export", "--term", "2019-2", "--out", str(tmp_path / out), "--json", *more]
    return zizhu(database, tmp_path, *args)


def test_two_exports_started_at_once_put_no_entitlement_in_two_batches(
    tmp_path: Path, database: str
):
    people = approved_city(database, tmp_path, size=300)
    first, second = export(database, tmp_path, "a"), export(database, tmp_path, "b")
    results = [json.loads(finish(first)), json.loads(finish(second))]
    counts = sorted(sum(b["count"] for b in r["batches"]) for r in results)
    assert counts == [0, 2 * len(people)]
    assert query(
        database, "SELECT entitlement_id FROM payments_payment GROUP BY entitlement_id"
        " HAVING COUNT(*) > 1",
    ) == []  # fmt: skip
    assert query(database, "SELECT COUNT(*), COUNT(DISTINCT batch_id) FROM payments_payment") == [
        (2 * len(people), 2)
    ]
    files = sorted(p.name for out in ("a", "b") for p in (tmp_path / out).glob("*.xlsx"))
    assert files == ["P2019-2-440802-JDLK_LIVING-001.xlsx", "P2019-2-440802-NONBOARDING-001.xlsx"]


def test_export_and_returns_print_the_json_of_the_contract(tmp_path: Path, database: str):
    approved_city(database, tmp_path, size=3)
    document = json.loads(finish(export(database, tmp_path, "out")))
    folder = (tmp_path / "out").resolve()
    assert document == {
        "batches": [
            {"batch": "P2019-2-440802-JDLK_LIVING-001", "county": "440802",
             "program": "JDLK_LIVING", "file": str(folder / "P2019-2-440802-JDLK_LIVING-001.xlsx"),
             "count": 3, "amount": "4500.00", "reissues": 0},
            {"batch": "P2019-2-440802-NONBOARDING-001", "county": "440802",
             "program": "NONBOARDING", "file": str(folder / "P2019-2-440802-NONBOARDING-001.xlsx"),
             "count": 3, "amount": "750.00", "reissues": 0},
        ],
        "no_account": 0,
    }  # fmt: skip
    back = returns_file(
        tmp_path / "back.xlsx", answers(Path(document["batches"][0]["file"]), {2: "账户冻结"})
    )
    result = json.loads(finish(zizhu(database, tmp_path, "import", "returns", str(back), "--json")))
    assert {k: result[k] for k in ("kind", "rows", "accepted", "rejected", "unchanged")} == {
        "kind": "returns", "rows": 3, "accepted": 3, "rejected": 0, "unchanged": 0,
    }  # fmt: skip
    assert (result["succeeded"], result["failed"]) == (2, 1)
    again = finish(zizhu(database, tmp_path, "import", "returns", str(back)))
    assert "未变 3 行" in again and "本次发放成功 0 笔，失败 0 笔" in again


def test_an_export_with_nothing_to_pay_is_no_error(tmp_path: Path, database: str):
    approved_city(database, tmp_path, size=2)
    finish(export(database, tmp_path, "first"))
    assert json.loads(finish(export(database, tmp_path, "again"))) == {
        "batches": [], "no_account": 0,
    }  # fmt: skip
    human = finish(
        zizhu(database, tmp_path, "pay", "export", "--term", "2019-2", "--out", str(tmp_path / "x"))
    )
    assert "合计 0 个批次" in human


def test_refusals_exit_with_status_3_and_change_nothing(tmp_path: Path, database: str):
    approved_city(database, tmp_path, size=2)
    finish(export(database, tmp_path, "out", "--county", "440106"), expect=3)
    unknown = returns_file(
        tmp_path / "unknown.csv",
        [["P2019-2-440802-JDLK_LIVING-001", 1, "学生0", "6217000000000000001", "1500", "成功"]],
    )  # fmt: skip
    finish(zizhu(database, tmp_path, "import", "returns", str(unknown)), expect=3)
    unknown_term = ["pay", "export", "--term", "2031-1", "--out", str(tmp_path / "x")]
    finish(zizhu(database, tmp_path, *unknown_term), expect=3)
    assert query(database, "SELECT COUNT(*) FROM payments_paymentbatch") == [(0,)]


def test_the_benchmark_takes_a_small_city_through_export_returns_and_reissue(
    tmp_path: Path, database: str
):
    out = tmp_path / "bench"
    printed = finish(
        zizhu(database, tmp_path, "bench-payments", "--scale", "0.02", "--out", str(out))
    )
    assert "代发导出：6600 笔" in printed and "更正账户后补发导出：171 笔" in printed
    assert "发放率：6600/6600 = 100.00%" in printed
    files = sorted(p.name for p in (out / "files").glob("*.xlsx"))
    assert files[:2] == ["P2019-2-440802-BOARDING-001.xlsx", "P2019-2-440802-BOARDING-002.xlsx"]

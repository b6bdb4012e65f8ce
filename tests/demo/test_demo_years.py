"""`zizhu demo --years 2019,2020` at a small scale: 2019 still meets its targets, 2020 runs
through the real imports and services, its report is what its payments say, the registry keeps
who moved where, and the year-over-year view is the two reports side by side."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest
from django.db.models import Count, Sum

from tests.cli import finish, zizhu
from zizhu.aid.models import Approval
from zizhu.cli import main
from zizhu.core.money import fen_to_yuan
from zizhu.core.scope import Scope
from zizhu.demo import DemoResult, run_demo
from zizhu.demo.text import demo_lines, target_mismatches
from zizhu.payments.models import Payment
from zizhu.registry.models import Enrolment
from zizhu.reports.compare import year_compare
from zizhu.reports.selectors import Tally, year_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCALE = 0.003  # about 4,800 students


def _paid_by_program_and_term(year: int) -> dict[str, dict[str, dict[str, object]]]:
    """The successful payments of the year's terms, straight from the payments table."""
    rows = (
        Payment.objects.filter(status="SUCCEEDED", entitlement__term__year=year)
        .values("entitlement__program", "entitlement__term_id")
        .annotate(n=Count("entitlement_id", distinct=True), fen=Sum("amount_fen"))
    )
    found: dict[str, dict[str, dict[str, object]]] = defaultdict(dict)
    for r in rows:
        found[r["entitlement__program"]][r["entitlement__term_id"]] = {
            "students": r["n"], "amount": fen_to_yuan(r["fen"])
        }  # fmt: skip
    return found


def _enrolments(id_number: str) -> set[tuple[str, str, str]]:
    """(term, school, status) of a person's rows still on their school's roster."""
    rows = Enrolment.objects.filter(person__id_number=id_number, on_roster=True)
    return set(rows.values_list("term_id", "school_id", "status"))


def test_the_demo_runs_2019_then_2020_and_the_years_compare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_demo(scale=SCALE, out=tmp_path / "demo", years=(2019, 2020))
    assert list(result.reports) == [2019, 2020]
    assert list(result.terms) == ["2019-1", "2019-2", "2020-1", "2020-2"]
    assert target_mismatches(result) == []  # 2019 is still exactly the seed's figures

    # 2020's report is its stored payments: every program's person-times and amounts.
    report = result.reports[2020].as_json()
    paid = _paid_by_program_and_term(2020)
    for line in report["programs"]:
        for term, tally in line["terms"].items():
            assert tally == paid[line["code"]].get(term, {"students": 0, "amount": "0.00"})
    assert sum(p["students"] for p in report["programs"]) > 0.5 * sum(
        p["students"] for p in result.reports[2019].as_json()["programs"]
    )
    assert {t: d["rate"] for t, d in report["disbursement"].items()} == {
        "2020-1": "100.00", "2020-2": "100.00"
    }  # fmt: skip
    assert report["loans"]["count"] > 0
    # Each year's lists were approved under its own catalogue.
    approved = set(Approval.objects.values_list("term__year", "catalogue_version__name"))
    assert approved == {(2019, "湛江市2019年学生资助政策"), (2020, "湛江市2020年学生资助政策")}

    _the_registry_keeps_who_moved_where(result)
    _the_comparison_is_the_two_reports(result, tmp_path, capsys)
    text = "\n".join(demo_lines(result))
    assert "湛江市2020年学生资助年度报告（按成功发放统计）" in text
    assert "湛江市2019—2020年学生资助年度对比（按成功发放统计）" in text


def _the_registry_keeps_who_moved_where(result: DemoResult) -> None:
    city = result.next_years[2020]
    ids = city.students.select("pid", "id_number")
    # A transfer: on the old school's roster of the term as 转出, on the new school's as 在读,
    # and at the old school the term before.
    checked = 0
    for term, before in (("2020-1", "2019-2"), ("2020-2", "2020-1")):
        moves = city.term_moves(term)
        pairs = moves.departures.join(moves.enrolments, on="pid", suffix="_new").join(ids, on="pid")
        for row in pairs.iter_rows(named=True):
            rows = _enrolments(row["id_number"])
            in_term = {(school, status) for t, school, status in rows if t == term}
            if len(in_term) != 2:
                continue  # a row the generator's noise broke, which the import rejected
            assert in_term == {(row["school"], "TRANSFERRED"), (row["school_new"], "ENROLLED")}
            assert any(t == before and school == row["school"] for t, school, _ in rows)
            checked += 1
    assert checked > 0
    # A 中职 student in the last grade in the spring has graduated: no autumn enrolment.
    spring = city.enrolments["2020-1"]
    leaving = spring.filter((pl.col("stage") == "中职") & (pl.col("grade") == 3)).join(
        ids, on="pid"
    )
    assert leaving.height > 0
    for id_number in leaving["id_number"].head(20):
        assert not {t for t, _, _ in _enrolments(id_number)} & {"2020-2"}
    # An entrant is enrolled in the autumn of 2020 only.
    entrant = city.entrants.join(ids, on="pid").join(city.enrolments["2020-2"], on="pid")
    first = entrant.filter(pl.col("stage") == "学前")["id_number"][0]
    assert {t for t, _, _ in _enrolments(first)} == {"2020-2"}


def _the_comparison_is_the_two_reports(
    result: DemoResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for scope in (Scope.city(), Scope.of_county("440881")):
        compare = year_compare(years=(2019, 2020), scope=scope)
        earlier, later = (year_report(scope=scope, year=y) for y in (2019, 2020))
        assert [(p.code, p.before, p.after) for p in compare.programs] == [
            (p.code, p.year, q.year) for p, q in zip(earlier.programs, later.programs, strict=True)
        ]
        for line in compare.counties:
            for report, tally in ((earlier, line.before), (later, line.after)):
                found = [c.year for c in report.counties
                         if (c.county, c.code) == (line.county, line.code)]  # fmt: skip
                assert tally == (found[0] if found else Tally())
        assert compare.loans == (earlier.loans, later.loans)
        assert compare.total.after == later.total.year
    # The command prints the same, and writes it as a workbook.
    path = tmp_path / "compare.xlsx"
    assert main(["report", "--compare", "2020,2019", "--json", "--xlsx", str(path)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == year_compare(years=(2019, 2020), scope=Scope.city()).as_json()
    assert path.exists() and str(path) in err
    assert main(["report", "--year", "2020", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == result.reports[2020].as_json()


@pytest.mark.parametrize("years", ["2020", "2019,2021", "2020,2019", "2019,2020,2021", "二〇一九"])
def test_the_demo_runs_2019_or_2019_and_2020_only(
    years: str, tmp_path: Path, database: str
) -> None:
    process = zizhu(database, tmp_path, "demo", "--scale", "0.001", "--years", years,
                    "--out", str(tmp_path / "demo"))  # fmt: skip
    finish(process, expect=2)

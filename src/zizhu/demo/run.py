"""The demo's years: build the city's files, then run each term as the city would: 2019's
terms, and with `years`, 2020's (zizhu.synth.next_year derives the city's 2020 from its 2019).

Per term: import (schools, rosters, the year's department lists and loans in spring, schools'
认定), entitle, 公示 and approval (on paper, realistic dates), then payment rounds until nothing
is unpaid: export the 代发明细 files, answer each as the bank would (a few percent 失败 in the
first round), import the 银行回盘, correct the failed and missing accounts by re-importing the
schools' rosters (an audited roster change), export again (reissues). Then the audit and the
year report. Everything goes through the services, in this process; the generator
(zizhu.synth.seed2019, zizhu.synth.next_year) decides who exists and who is poor, the pipeline
who gets what.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection

from zizhu.aid.services import approve, entitle, publicity_record
from zizhu.audit.services import audit
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.progress import Progress, progress_or_silent
from zizhu.core.scope import Scope
from zizhu.demo.places import places_load, year_load
from zizhu.intake.layout import Column, Layout
from zizhu.intake.reader import read_table
from zizhu.intake.result import ImportResult
from zizhu.intake.runner import import_run
from zizhu.payments.services import pay_export
from zizhu.registry.services import payee_accounts_correct
from zizhu.reports.selectors import YearReport, year_report
from zizhu.synth import choice, unit
from zizhu.synth.next_year import NextYear
from zizhu.synth.seed2019 import TERMS, YEAR, DemoCity

CITY = Scope.city()  # the demo is the city's operator, acting for each county in turn
ACTORS = {"city": "demo:市资助中心", "school": "demo:学校", "county": "demo:区县资助中心",
          "bank": "demo:银行"}  # fmt: skip
# (公示 start, approval) per term: a paper 公示 of two weeks. Spring 2020's is in May: schools
# opened late that year (COVID-19).
DATES = {"2019-1": (dt.date(2019, 3, 11), dt.date(2019, 3, 25)),
         "2019-2": (dt.date(2019, 9, 16), dt.date(2019, 9, 30)),
         "2020-1": (dt.date(2020, 5, 11), dt.date(2020, 5, 25)),
         "2020-2": (dt.date(2020, 9, 14), dt.date(2020, 9, 28))}  # fmt: skip
DEMO_YEARS = (2019, 2020)  # the years the demo can run: those its DATES cover
FAILURE_RATE = 0.03  # of the first round's payments
BANK_SEED = 95533  # the bank's own draws (which rows fail, and why)
REASONS = ("账号不存在", "户名不符", "账户冻结", "账户已销户")
_DETAIL = ("批次号", "序号", "收款人姓名", "收款账号", "金额", "学生身份证件号")
_DETAIL_LAYOUT = Layout(kind="bank", sheet="代发明细",
                        columns=tuple(Column(h, h, required=True) for h in _DETAIL))  # fmt: skip
RETURNS_HEADERS = ["批次号", "序号", "收款人姓名", "收款账号", "金额", "处理结果", "失败原因"]


@dataclass
class TermRun:
    term: str
    imported: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind: rows, rejected
    entitled: dict[str, int] = field(default_factory=dict)
    held: int = 0
    rounds: list[tuple[int, int, int, int]] = field(default_factory=list)  # paid, failed,
    # no account, reissued
    corrected: int = 0
    audit: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoResult:
    city: DemoCity  # 2019's, with the targets its report must meet
    out: Path
    terms: dict[str, TermRun]  # every term run, in order
    reports: dict[int, YearReport]  # by year, in order
    timings: dict[str, float]
    next_years: dict[int, NextYear] = field(default_factory=dict)  # 2020's city, …

    @property
    def report(self) -> YearReport:
        """2019's report."""
        return self.reports[YEAR]


class _Clock:
    def __init__(self, log: Callable[[str], None], bar: Any = None) -> None:
        self.timings: dict[str, float] = {}
        self.log = log
        self.bar = bar  # the command line's bar, or None

    @property
    def progress(self) -> Progress | None:
        return self.bar

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self.bar is not None:
            self.bar.step(name)
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            self.log(f"{name}：{seconds:.1f} 秒")


def database_has_2019() -> bool:
    rows = bulk.fetch_all("SELECT COUNT(*) FROM registry_enrolment WHERE term_id IN (%s, %s)",
                          list(TERMS))  # fmt: skip
    return bool(rows[0][0])


def run_demo(
    *,
    scale: float,
    out: Path,
    seed: int = 2019,
    fmt: str = "csv",
    years: tuple[int, ...] = (YEAR,),
    with_audit: bool = False,
    jobs: int = 1,
    log: Callable[[str], None] = lambda _: None,
    progress: Any = None,
) -> DemoResult:
    """The demo city's years, in order: 2019 as planted, then each next year derived from the
    one before (zizhu.synth.next_year), its terms and catalogue loaded as an operator would.
    `jobs` county rosters are imported at once, as counties upload at once (more than one
    needs a database that lets other connections wait for its writer: a file, or PostgreSQL
    outside a test's transaction). `progress`, where given, is the command line's bar
    (zizhu.cli_progress.Bar): each step names itself on it, and the imports, lists, payments
    and audits move it."""
    if not years or years != DEMO_YEARS[: len(years)]:
        raise ValueError(f"the demo runs {DEMO_YEARS[0]} and the years that follow, in order")
    if database_has_2019():
        raise Refused(Code.DEMO_REFUSED, "数据库中已有2019年的学籍数据：演示需要一个空的数据库")
    clock = _Clock(log, progress)
    out = out.resolve()
    with clock.step("载入行政区划、学期和政策目录"):
        places_load(actor=ACTORS["city"])
    with clock.step("生成城市"):
        city = DemoCity.plant(scale=scale, seed=seed)
    runs: dict[str, TermRun] = {}
    reports: dict[int, YearReport] = {}
    cities: dict[int, DemoCity | NextYear] = {YEAR: city}
    for year in years:
        if year != YEAR:
            with clock.step("生成下一年"):
                before = cities[year - 1]
                assessed = before.assessed if isinstance(before, NextYear) else _planted(city)
                cities[year] = NextYear.derive(before, assessed=assessed)
                before.release_rosters()  # the year before is run: its rosters go
            with clock.step("载入学期和政策目录"):
                year_load(year, actor=ACTORS["city"])
        terms = (f"{year}-1", f"{year}-2")
        for term in terms:
            runs[term] = _run_term(cities[year], term, out, fmt, clock, lists=term == terms[0],
                                   jobs=jobs)  # fmt: skip
        for term in terms if with_audit else ():
            with clock.step("审计"):
                found = audit(scope=CITY, term=term, actor=ACTORS["county"],
                              progress=clock.progress)  # fmt: skip
                runs[term].audit = dict(found.counts)
        with clock.step("年度报告"):
            reports[year] = year_report(scope=CITY, year=year)
    later = {y: c for y, c in cities.items() if isinstance(c, NextYear)}
    return DemoResult(city=city, out=out, terms=runs, reports=reports, timings=clock.timings,
                      next_years=later)  # fmt: skip


def _planted(city: DemoCity) -> dict[str, pl.DataFrame]:
    assert city.planted is not None
    return city.planted.assessed


def _run_term(
    city: DemoCity | NextYear, term: str, out: Path, fmt: str, clock: _Clock, *, lists: bool,
    jobs: int,
) -> TermRun:  # fmt: skip
    """One term as the city would run it: files, imports, entitle, 公示 and approval, payment."""
    run = TermRun(term)
    with clock.step("写文件"):
        files = city.write(out / term, term=term, fmt=fmt, lists=lists)
    flow = files.in_flow_order()
    rosters = [path for kind, path in flow if kind == "students"]
    for kind, path in flow:
        if kind == "students" and path != rosters[0]:
            continue  # imported with the first
        with clock.step(f"导入 {kind}"):
            if kind == "students":
                results = _rosters_import(rosters, term, out, clock.progress, jobs)
            else:
                results = [_import(kind, path, term, out, clock.progress)]
        for result in results:
            rows, rejected = run.imported.get(kind, (0, 0))
            run.imported[kind] = (rows + result.rows, rejected + result.rejected)
    with clock.step("计算名单"):
        summary = entitle(term=term, actor=ACTORS["county"], scope=CITY, progress=clock.progress)
        run.entitled = {p: t.students for p, t in summary.programs.items()}
        run.held = summary.held
    with clock.step("公示与审批"):
        publicity_and_approval(term, list(city.params.county_weights))
    _pay(city, run, out / term, clock)
    return run


def _import(kind: str, path: Path, term: str, out: Path, progress: Progress | None) -> ImportResult:
    return import_run(kind=kind, path=path, scope=CITY, actor=ACTORS["school"], term=term,
                      errors_dir=out / "errors", progress=progress)  # fmt: skip


def _rosters_import(
    rosters: list[Path], term: str, out: Path, progress: Progress | None, jobs: int
) -> list[ImportResult]:
    """The county rosters, `jobs` at a time (each in a thread with its own connection); the
    bar then moves file by file, as each import's own stages would pull one bar to and fro."""
    if jobs <= 1:
        return [_import("students", path, term, out, progress) for path in rosters]

    def one(path: Path) -> ImportResult:
        try:
            return _import("students", path, term, out, None)
        finally:
            connection.close()  # this thread's

    report = progress_or_silent(progress)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(one, path) for path in rosters]
        for done, _ in enumerate(as_completed(futures), start=1):
            report(done / len(futures), f"已导入 {done}/{len(futures)} 个区县名册")
        return [future.result() for future in futures]


def publicity_and_approval(term: str, counties: list[str]) -> int:
    """Each county records its 公示 on the day it begins (the demo's clock, DATES), after the
    lists are worked out, and the drafts are approved in bulk two weeks later, as `zizhu
    approve` does. Returns the entitlements approved."""
    start, today = DATES[term]
    for county in counties:
        publicity_record(scope=Scope.of_county(county), actor=ACTORS["county"],
                         term=term, start_date=start, today=start)  # fmt: skip
    lists = approve(scope=CITY, actor=ACTORS["county"], term=term, today=today,
                    with_unconfirmed=True)  # fmt: skip
    return sum(item.count for item in lists)


# ---- payments: the bank and the corrections -------------------------------------------------


def _pay(city: DemoCity | NextYear, run: TermRun, out: Path, clock: _Clock) -> None:
    term = run.term
    for n in range(1, 6):
        with clock.step("代发文件"):
            exported = pay_export(
                scope=CITY, actor=ACTORS["county"], term=term, out=out / f"代发-{n}",
                progress=clock.progress,
            )  # fmt: skip
        missing = {(u.school, u.student_id) for u in exported.no_account}
        if not exported.batches and not missing:
            return
        paid = failed = reissued = 0
        to_fix: set[str] = {sid for _, sid in missing}
        with clock.step("银行回盘"):
            for batch in exported.batches:
                reissued += batch.reissues
                answers = bank_answer(batch.file, fail=FAILURE_RATE if n == 1 else 0.0)
                path = out / f"回盘-{n}" / f"{batch.batch_no}.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                answers.drop("学生身份证件号").write_csv(path)
                result = import_run(
                    kind="returns", path=path, scope=CITY, actor=ACTORS["bank"], term=term,
                    errors_dir=out / "errors", progress=clock.progress,
                )  # fmt: skip
                paid += result.extra["succeeded"]
                failed += result.extra["failed"]
                to_fix |= set(answers.filter(pl.col("处理结果") == "失败")["学生身份证件号"])
        run.rounds.append((paid, failed, len(missing), reissued))
        if to_fix:
            with clock.step("更正账号"):
                run.corrected += _correct_accounts(city, term, to_fix, out / f"更正-{n}.csv", n)
    raise RuntimeError(f"{term}: payments still open after 5 rounds")


def bank_answer(path: Path, *, fail: float) -> pl.DataFrame:
    """The bank's answer to one 代发明细 file: 成功, or 失败 for a share of rows (the same rows
    each time), with the student's ID number kept beside each row for the corrections."""
    frame = read_table(path, _DETAIL_LAYOUT).frame.drop("_row")
    row = pl.concat_str("批次号", "序号", separator=":")
    failing = unit(row, BANK_SEED, "bank-fails") < fail
    reason = choice(row, BANK_SEED, "bank-reason", REASONS)
    return frame.with_columns(
        pl.when(failing).then(pl.lit("失败")).otherwise(pl.lit("成功")).alias("处理结果"),
        pl.when(failing).then(reason).alias("失败原因"),
    ).select(*RETURNS_HEADERS, "学生身份证件号")


def _correct_accounts(
    city: DemoCity | NextYear, term: str, students: set[str], path: Path, salt: int
) -> int:
    """New payee accounts for these students (by ID number or 学籍号): the guardian's (or the
    adult student's own) name and a new card, recorded as corrections (kept in `path`)."""
    roster = city.roster(term)
    who = pl.col("身份证件号").is_in(list(students)) | pl.col("学籍号").is_in(list(students))
    guardians = city.guardians().rename({"name": "_g_name", "id_number": "_g_id"})
    digits = (pl.col("pid") * 104_729 + 7_654_321 + salt * 99_991) % 10**13
    fixed = roster.join(guardians, on="pid", how="left").with_columns(
        pl.when(who & pl.col("收款人姓名").is_null()).then("_g_name")
        .otherwise("收款人姓名").alias("收款人姓名"),
        pl.when(who & pl.col("收款人姓名").is_null()).then("_g_id")
        .otherwise("收款人身份证号").alias("收款人身份证号"),
        pl.when(who).then(pl.concat_str(pl.lit("621700"), digits.cast(pl.String).str.zfill(13)))
        .otherwise("收款账号").alias("收款账号"),
        pl.when(who).then(pl.lit("中国建设银行")).otherwise("开户银行").alias("开户银行"),
    ).drop("_g_name", "_g_id")  # fmt: skip
    city.roster_set(term, fixed)
    # A county officer corrects the accounts the bank refused (an audited change per student).
    corrections = fixed.filter(who).select(
        pl.coalesce("身份证件号", "学籍号").alias("person_key"),
        pl.col("收款人姓名").alias("payee_name"),
        pl.col("收款人身份证号").alias("payee_id_number"),
        pl.col("收款账号").alias("account_no"),
        pl.col("开户银行").alias("bank"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    corrections.write_csv(path)
    return payee_accounts_correct(
        scope=CITY, actor=ACTORS["county"], term=term, corrections=corrections
    )

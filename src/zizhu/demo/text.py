"""What `zizhu demo` prints: the year reports, how the run went, each step's time."""

from __future__ import annotations

from zizhu.demo.run import DemoResult
from zizhu.reports.compare import compare_reports
from zizhu.reports.text import compare_lines, report_lines


def target_mismatches(result: DemoResult) -> list[str]:
    """Where the report differs from what the generator's parameters imply (none expected)."""
    expected = result.city.targets.report_json()
    got = result.report.as_json()
    wrong = []
    by_code = {p["code"]: p for p in got["programs"]}
    for program in expected["programs"]:
        line = by_code.get(program["code"], {})
        for term, want in program["terms"].items():
            have = line.get("terms", {}).get(term, {})
            have = {"students": have.get("students"), "amount": have.get("amount")}
            if have != want:
                wrong.append(f"{program['code']} {term}: 应为 {want}，实为 {have}")
    if got["loans"] != expected["loans"]:
        wrong.append(f"贷款: 应为 {expected['loans']}，实为 {got['loans']}")
    for term, line in got["disbursement"].items():
        if line["rate"] != "100.00":
            wrong.append(f"{term} 发放率 {line['rate']}%")
    return wrong


def demo_lines(result: DemoResult, *, report: bool = True) -> list[str]:
    """Each year's report (and, for several years, the first against the last), then how
    each term went and each step's time."""
    lines: list[str] = []
    reports = list(result.reports.values())
    for year_report in reports if report else []:
        lines += [*report_lines(year_report), ""]
    if report and len(reports) > 1:
        lines += [*compare_lines(compare_reports(reports[0], reports[-1])), ""]
    lines.append(f"演示城市：规模 {result.city.scale:g}，文件在 {result.out}")
    for term, run in result.terms.items():
        imported = "，".join(
            f"{k} {rows} 行（拒绝 {rej}）" for k, (rows, rej) in run.imported.items()
        )
        lines.append(f"{term} 导入：{imported}")
        lines.append(f"{term} 名单：暂缓（一人多籍）{run.held} 条")
        for n, (paid, failed, missing, reissued) in enumerate(run.rounds, start=1):
            lines.append(f"{term} 第{n}轮发放：成功 {paid}，失败 {failed}，缺账号 {missing}，"
                         f"重发 {reissued}")  # fmt: skip
        lines.append(f"{term} 更正账号：{run.corrected} 人")
        findings = "，".join(f"{k} {v}" for k, v in sorted(run.audit.items())) or "无"
        lines.append(f"{term} 审计发现：{findings}")
    wrong = target_mismatches(result)
    lines.append(
        f"{result.report.year}年与参数推算的目标一致"
        if not wrong
        else f"{result.report.year}年与目标不一致：" + "；".join(wrong)
    )
    lines += ["", "各步骤用时（秒）："]
    lines += [f"  {name}：{seconds:.1f}" for name, seconds in result.timings.items()]
    lines.append(f"  合计：{sum(result.timings.values()):.1f}")
    return lines

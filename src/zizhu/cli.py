"""`zizhu`: the operator's command line (spec/cli.md). It only parses, calls services, prints."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from zizhu.cli_reports import report_answer, report_compare, two_years
from zizhu.cli_years import add_year_commands, cmd_entitle_dry_run, print_json

EXIT_OK, EXIT_USAGE, EXIT_REFUSED = 0, 2, 3


def _django() -> None:
    """Settings and the installed areas (the import kinds are declared there)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # The database is created on first use: apply whatever migrations are missing.
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _scope(args: argparse.Namespace) -> Any:
    """The scope a command acts in: the whole city for an operator; a web user's jurisdiction
    with `--user`; narrowed to one county with `--county`."""
    from zizhu.core.errors import Code, Refused
    from zizhu.core.scope import Scope

    scope = Scope.city()
    if getattr(args, "user", None):
        from zizhu.web.users import user_scope

        found = user_scope(username=args.user)
        if found is None:
            raise Refused(Code.USER_INVALID, f"没有这个用户，或该用户没有有效的角色：{args.user}")
        scope = found
    county = getattr(args, "county", None)
    return scope.narrowed(county=county) if county else scope


def cmd_import(args: argparse.Namespace) -> int:
    from zizhu.cli_progress import progress_bar
    from zizhu.core.errors import Refused
    from zizhu.intake.kinds import import_kind
    from zizhu.intake.runner import import_run, refused_record

    path, kind = Path(args.file), import_kind(args.kind)
    try:
        with progress_bar(args) as bar:
            result = import_run(
                kind=kind.code, path=path, scope=_scope(args), actor=_actor(), term=args.term,
                partial=args.partial, progress=bar,
            )  # fmt: skip
    except Refused as refused:
        refused_record(actor=_actor(), kind=kind.code, path=path, refused=refused)
        raise
    if args.json:
        print_json(result.as_json())
    else:
        print(
            f"{kind.name}：{result.file}\n"
            f"共 {result.rows} 行：接受 {result.accepted} 行，未变 {result.unchanged} 行，"
            f"拒绝 {result.rejected} 行"
        )
        if "succeeded" in result.extra:
            print(f"本次发放成功 {result.extra['succeeded']} 笔，失败 {result.extra['failed']} 笔")
        if "joined" in result.extra:
            print(
                f"加入名册 {result.extra['joined']} 人，离开名册 {result.extra['left']} 人，"
                f"信息变更 {result.extra['changed']} 人"
            )
        for error in result.errors:
            print(f"  第 {error.row} 行：{error.reason}")
        if result.errors_file:
            print(f"错误文件：{result.errors_file}")
    return EXIT_OK


def cmd_entitle(args: argparse.Namespace) -> int:
    from zizhu.aid.selectors import program_names
    from zizhu.aid.services import entitle
    from zizhu.cli_progress import progress_bar
    from zizhu.core.money import fen_to_yuan

    if args.dry_run != bool(args.catalogue):
        print("--catalogue 与 --dry-run 须一起使用（试算一个未载入的政策目录）", file=sys.stderr)
        return EXIT_USAGE
    if args.dry_run:
        return cmd_entitle_dry_run(args)
    with progress_bar(args) as bar:
        summary = entitle(term=args.term, actor=_actor(), scope=_scope(args), progress=bar)
    document = summary.as_json()
    names = program_names(term=summary.term)  # a program by its name, its code for --program
    for code, count in summary.no_amount.items():
        print(
            f"注意：{names.get(code, code)}（{code}）有 {count} 名学生符合条件，"
            "但政策目录中没有适用的金额标准",
            file=sys.stderr,
        )
    if args.json:
        print_json(document)
        return EXIT_OK
    print(f"{summary.term}：在读学生 {summary.students} 人")
    print("困难等级：" + "，".join(f"{k} {v} 人" for k, v in document["hardship"].items()))
    for code, total in sorted(summary.programs.items()):
        name = f"{names.get(code, code)}（{code}）"
        print(f"  {name}：{total.students} 人，{fen_to_yuan(total.amount_fen)} 元")
    print(f"一人多籍暂缓：{summary.held} 条；已达年度上限：{summary.capped} 条")
    print(
        f"本次变动：新增 {summary.changes['added']}，更新 {summary.changes['updated']}，"
        f"撤回 {summary.changes['withdrawn']}"
    )
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    from zizhu.aid.services import approve
    from zizhu.core.money import fen_to_yuan

    try:
        start = dt.date.fromisoformat(args.publicity_start) if args.publicity_start else None
    except ValueError:
        print(f"--publicity-start 不是有效日期：{args.publicity_start}", file=sys.stderr)
        return EXIT_USAGE
    # The command is the county's review done in bulk (spec/cli.md): it approves the drafts
    # no school confirmed too, and the approval event records them, with their ids.
    lists = approve(
        scope=_scope(args), actor=_actor(), term=args.term, program=args.program,
        publicity_start=start, with_unconfirmed=True,
    )  # fmt: skip
    document = {
        "term": args.term,
        "approved": [
            {
                "county": item.county,
                "program": item.program,
                "count": item.count,
                "amount": fen_to_yuan(item.amount_fen),
                "publicity_start": item.publicity_start.isoformat(),
            }
            for item in lists
        ],
        "count": sum(item.count for item in lists),
        "amount": fen_to_yuan(sum(item.amount_fen for item in lists)),
    }
    if args.json:
        print_json(document)
        return EXIT_OK
    for item in lists:
        print(
            f"{item.county} {item.program}：审批 {item.count} 人，{fen_to_yuan(item.amount_fen)} 元"
        )
    print(f"合计审批 {document['count']} 人，{document['amount']} 元")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from zizhu.audit.constants import CHECK_NAMES
    from zizhu.audit.services import audit
    from zizhu.cli_progress import progress_bar

    with progress_bar(args) as bar:
        result = audit(scope=_scope(args), term=args.term, actor=_actor(), progress=bar)
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    print(f"{result.term} 审计：发现 {sum(result.counts.values())} 个问题")
    for check, count in result.counts.items():
        print(f"  {check} {CHECK_NAMES[check]}：{count}")
    print(
        f"新增 {result.changes['opened']}，重新打开或更新 {result.changes['updated']}，"
        f"已消除 {result.changes['cleared']}；待处理共 {len(result.findings)} 个"
    )
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from zizhu.bench.imports import run_import_benchmark

    run_import_benchmark(scale=args.scale, out=Path(args.out), keep=args.keep, jobs=args.jobs,
                         term_steps=not args.imports_only, web_seconds=args.web)  # fmt: skip
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from zizhu.cli_progress import progress_bar
    from zizhu.demo import DEMO_YEARS, run_demo
    from zizhu.demo.text import demo_lines

    if args.years != DEMO_YEARS[: len(args.years)]:
        shown = " 或 ".join(
            ",".join(map(str, DEMO_YEARS[:n])) for n in range(1, len(DEMO_YEARS) + 1)
        )
        print(f"演示的年度只能是 {shown}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stderr if args.json else sys.stdout
    with progress_bar(args) as bar:
        # At a terminal each step's line is printed above the bar; otherwise as before.
        log = bar.say if bar else (lambda line: print(line, file=sys.stderr, flush=True))
        result = run_demo(scale=args.scale, out=Path(args.out), with_audit=args.audit,
                          years=args.years, jobs=args.jobs, log=log, progress=bar)  # fmt: skip
    if args.json:
        reports = [r.as_json() for r in result.reports.values()]
        # One year: the report's own shape (cli.md); several: {"reports": [one per year]}.
        print_json(reports[0] if len(reports) == 1 else {"reports": reports})
    for line in demo_lines(result, report=not args.json):
        print(line, file=out)
    if args.serve:
        return _serve_demo(args.port)
    return EXIT_OK


def _serve_demo(port: int) -> int:
    """Open the web pages on the demo's data, with a city officer to sign in as."""
    import secrets

    from zizhu.core.errors import Refused
    from zizhu.registry.selectors import latest_enrolled_term
    from zizhu.web.figures import city_figures_warm
    from zizhu.web.users import user_create

    password = os.environ.get("ZIZHU_PASSWORD") or secrets.token_urlsafe(12)
    try:
        user_create(actor=_actor(), username="demo", password=password, role="CITY")
        print(f"网页：http://127.0.0.1:{port}/login/  用户名 demo  密码 {password}")
    except Refused as refused:
        print(f"未创建演示用户（{refused}）：请用已有用户登录 http://127.0.0.1:{port}/login/")
    sys.stdout.flush()
    term = latest_enrolled_term()
    if term is not None:  # the city's dashboard and report, ready for the first page view
        city_figures_warm(term=term)
    # The server starts as a fresh program in this process (same pid, so Ctrl-C and a service
    # manager still reach it): the demo's city and frames, gigabytes at full scale, are gone.
    # DATABASE_URL, set for the demo, goes with it; `zizhu serve` picks the production settings.
    os.execv(sys.executable, [sys.executable, "-m", "zizhu.cli", "serve", "--port", str(port)])


def _demo_database(args: argparse.Namespace) -> None:
    """The demo's database: DATABASE_URL where set, else a fresh SQLite file in its folder
    (replaced on each run; `--serve` and later `zizhu` commands with this DATABASE_URL see it)."""
    if args.scale <= 0:
        raise SystemExit("--scale 须大于 0")
    if os.environ.get("DATABASE_URL"):
        return
    folder = Path(args.out).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.sqlite3"
    for stale in (database, database.with_name("demo.sqlite3-wal"),
                  database.with_name("demo.sqlite3-shm")):  # fmt: skip
        stale.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    print(f"演示数据库：{database}", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    from zizhu.web.serve import serve

    # main() chose the settings (production unless --dev) before Django read them.
    settings_module = os.environ["DJANGO_SETTINGS_MODULE"]
    return serve(host=args.host, port=args.port, settings_module=settings_module, https=args.https)


def cmd_unlock(args: argparse.Namespace) -> int:
    from zizhu.web.logins import login_unlock

    forgotten = login_unlock(actor=_actor(), username=args.username or "",
                             address=args.address or "")  # fmt: skip
    unlocked = args.username or args.address
    if args.json:
        print_json({"unlocked": unlocked, "failures": forgotten})
    else:
        print(f"已解锁 {unlocked}（清除失败登录 {forgotten} 次）")
    return EXIT_OK


def cmd_createuser(args: argparse.Namespace) -> int:
    from zizhu.web.users import user_create

    password = os.environ.get("ZIZHU_PASSWORD") or getpass.getpass("密码（至少10位）：")
    user_create(
        actor=_actor(), username=args.username, password=password, role=args.role,
        county=args.county or "", school=args.school or "", department=args.department or "",
    )  # fmt: skip
    print(f"已创建用户 {args.username}（{args.role}）")
    return EXIT_OK


def cmd_pay_export(args: argparse.Namespace) -> int:
    from zizhu.cli_progress import progress_bar
    from zizhu.core.money import fen_to_yuan
    from zizhu.payments.services import pay_export

    with progress_bar(args) as bar:
        result = pay_export(
            scope=_scope(args), actor=_actor(), term=args.term, out=Path(args.out), progress=bar
        )
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    for b in result.batches:
        again = f"（其中补发 {b.reissues} 笔）" if b.reissues else ""
        print(f"{b.batch_no}：{b.count} 笔{again}，{fen_to_yuan(b.amount_fen)} 元 -> {b.file}")
    print(
        f"合计 {len(result.batches)} 个批次，{result.count} 笔，{fen_to_yuan(result.amount_fen)} 元"
    )
    if result.awaiting_correction:
        print(f"发放失败、收款账户尚未更正的 {result.awaiting_correction} 笔未再发放")
    if result.no_account:
        print(f"收款人或收款账户不全、未能发放 {len(result.no_account)} 笔：")
        for u in result.no_account[:100]:
            print(f"  {u.county} {u.program} 学校 {u.school}：{u.student_name} {u.student_id}"
                  f"（{u.reason}）")  # fmt: skip
        if len(result.no_account) > 100:
            print(f"  …另有 {len(result.no_account) - 100} 笔")
    return EXIT_OK


def cmd_bench_payments(args: argparse.Namespace) -> int:
    from zizhu.bench.payments import run_payments_benchmark

    run_payments_benchmark(scale=args.scale, out=Path(args.out))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from zizhu.reports.selectors import year_report
    from zizhu.reports.text import report_lines
    from zizhu.reports.xlsx import year_report_write

    if args.compare:
        return report_compare(args, scope=_scope(args))
    report = year_report(scope=_scope(args), year=args.year)
    written = year_report_write(Path(args.xlsx).resolve(), report) if args.xlsx else None
    return report_answer(args, report.as_json, report_lines(report), written, "年度报告")


def _demo_years(text: str) -> tuple[int, ...]:
    """`2019` or `2019,2020`: the demo's years (which ones it can run, cmd_demo checks)."""
    parts = [p.strip() for p in text.split(",")]
    if not all(p.isdigit() and len(p) == 4 for p in parts):
        raise argparse.ArgumentTypeError(f"应为年度，以逗号分隔，如 2019,2020：{text!r}")
    return tuple(int(p) for p in parts)


def build_parser(*, kinds: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zizhu", description="学生资助管理信息系统")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser("import", help="导入文件（学校、学生、部门名单、认定、贷款、回盘）")
    imp.add_argument("kind", choices=kinds, metavar="KIND", help=" | ".join(kinds))
    imp.add_argument("file")
    imp.add_argument("--term", help="学期，如 2019-2；须与文件中的学期一致")
    imp.add_argument(
        "--partial", action="store_true",
        help="学生名册的更正：只新增或更新文件中的学生，不把其他学生移出名册",
    )  # fmt: skip
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    _user_option(imp)
    imp.set_defaults(handler=cmd_import)

    ent = commands.add_parser("entitle", help="计算学期的困难认定和各项目的待审核名单")
    ent.add_argument("--term", required=True, help="学期代码，如 YYYY-2")
    ent.add_argument("--catalogue", help="试算：一个未载入的政策目录文件（须与 --dry-run 一起）")
    ent.add_argument("--dry-run", action="store_true", help="只试算，不做任何更改")
    ent.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    ent.set_defaults(handler=cmd_entitle)

    app = commands.add_parser("approve", help="县区审批名单（公示须满5个工作日）")
    app.add_argument("--term", required=True)
    app.add_argument("--county", help="区县代码；不填则所有区县")
    app.add_argument("--program", help="资助项目代码；不填则所有项目")
    app.add_argument("--publicity-start", help="纸质公示的开始日期，如 2019-09-20")
    app.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    _user_option(app)
    app.set_defaults(handler=cmd_approve)

    aud = commands.add_parser("audit", help="不错发、不漏发、不重发：审计学期的全部检查")
    aud.add_argument("--term", required=True)
    aud.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    aud.set_defaults(handler=cmd_audit)

    bench = commands.add_parser(
        "bench", help="城市规模的基准测试（生成数据、导入，再走完一个学期，逐步计时）"
    )
    bench.add_argument("--scale", type=float, default=1.0, help="规模，1.0 为演示城市全市")
    bench.add_argument("--out", default="var/bench", help="生成文件的目录")
    bench.add_argument("--keep", action="store_true", help="保留已生成的文件（再次运行时复用）")
    bench.add_argument("--jobs", type=int, default=2, help="同时导入的区县名册个数（默认 2）")
    bench.add_argument("--imports-only", action="store_true", help="只测导入，不走学期全程")
    bench.add_argument(
        "--web",
        type=int,
        default=0,
        metavar="SECONDS",
        help="学期走完后再测网页负载：市、县各 20 个用户，每次的秒数（默认不测）",
    )
    bench.set_defaults(handler=cmd_bench)

    pay = commands.add_parser("pay", help="发放：生成银行代发文件")
    pay_commands = pay.add_subparsers(dest="pay_command", required=True, metavar="ACTION")
    pex = pay_commands.add_parser("export", help="为已审批未发放的名单生成代发批次和文件")
    pex.add_argument("--term", required=True, help="学期，如 2019-2")
    pex.add_argument("--county", help="区县代码；不填则所有区县")
    pex.add_argument("--out", required=True, help="代发文件写入的目录")
    pex.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    _user_option(pex)
    pex.set_defaults(handler=cmd_pay_export)

    bpay = commands.add_parser("bench-payments", help="城市规模的发放基准测试（代发文件与回盘）")
    bpay.add_argument("--scale", type=float, default=1.0, help="规模，1.0 约为 33 万笔")
    bpay.add_argument("--out", default="var/bench-payments", help="代发和回盘文件的目录")
    bpay.set_defaults(handler=cmd_bench_payments)

    rep = commands.add_parser("report", help="年度报告：各资助项目按学期的人次和金额、发放率")
    which = rep.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="年度，如 2019")
    which.add_argument(
        "--compare",
        type=two_years,
        metavar="Y1,Y2",
        help="年度对比：两年各项目（按区县）的人次、金额及增减，如 2019,2020",
    )
    rep.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    rep.add_argument("--xlsx", metavar="FILE", help="另将报告写入 Excel 文件")
    _user_option(rep)
    rep.set_defaults(handler=cmd_report)

    demo = commands.add_parser("demo", help="演示：生成演示城市的模拟数据，走完一年或两年的流程")
    demo.add_argument("--scale", type=float, default=1.0, help="规模，1.0 为演示城市全市")
    demo.add_argument("--out", default="var/demo", help="生成文件（及演示数据库）的目录")
    demo.add_argument("--serve", action="store_true", help="完成后启动网页服务")
    demo.add_argument("--port", type=int, default=8000, help="--serve 的端口（默认 8000）")
    demo.add_argument("--audit", action="store_true", help="最后对两个学期运行审计（约多 30 秒）")
    demo.add_argument("--jobs", type=int, default=2, help="同时导入的区县名册个数（默认 2）")
    demo.add_argument("--json", action="store_true", help="以 JSON 输出年度报告")
    demo.add_argument(
        "--years",
        type=_demo_years,
        default=(2019,),
        metavar="2019[,2020]",
        help="演示的年度：2019（默认），或 2019,2020（2020年由2019年推演）",
    )
    demo.set_defaults(handler=cmd_demo)

    add_year_commands(commands)

    srv = commands.add_parser("serve", help="启动网页服务和后台任务进程（Ctrl-C 停止）")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--https", action="store_true",
                     help="位于终止 HTTPS 的反向代理之后（或设 ZIZHU_HTTPS=1）")  # fmt: skip
    srv.add_argument("--dev", action="store_true", help="使用开发设置（不可用于正式环境）")
    srv.set_defaults(handler=cmd_serve)

    unl = commands.add_parser("unlock", help="提前解除登录锁定（用户名或 --address 地址）")
    unl.add_argument("username", nargs="?", help="被锁定的用户名")
    unl.add_argument("--address", help="被锁定的客户端地址，如 10.1.2.3")
    unl.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    unl.set_defaults(handler=cmd_unlock)

    usr = commands.add_parser(
        "createuser", help="创建网页用户（密码取自 ZIZHU_PASSWORD 或提示输入）"
    )
    usr.add_argument("username")
    usr.add_argument("--role", required=True, choices=["CITY", "COUNTY", "SCHOOL", "DEPARTMENT",
                                                       "AUDITOR"])  # fmt: skip
    usr.add_argument("--county", help="县区用户的区县代码")
    usr.add_argument("--school", help="学校用户的学校标识码")
    usr.add_argument("--department", help="部门用户所报送名单的代码（JDLK、CIVIL、DISABILITY …）")
    usr.set_defaults(handler=cmd_createuser)
    return parser


def _user_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--user", metavar="USER", help="以网页用户的身份和管辖范围运行（默认：全市操作员）"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo"]:  # the demo picks its database before Django reads the settings
        _demo_database(build_parser(kinds=[]).parse_args(argv))
    if argv[:1] == ["serve"]:  # the server picks its settings before Django reads them
        status = _serve_settings(build_parser(kinds=[]), argv)
        if status != EXIT_OK:
            return status
    _django()
    from zizhu.intake.kinds import import_kinds

    args = build_parser(kinds=list(import_kinds())).parse_args(argv)
    _migrate()
    from zizhu.core.errors import Refused

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except Refused as refused:
        return _refused(args, refused)


def _serve_settings(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    """`zizhu serve` runs on the production settings unless told `--dev`, and so does the
    command itself (its migrations); a key file that cannot be used stops it here, once."""
    from zizhu.web.serve import secret_key_problem, serve_settings

    args = parser.parse_args(argv)
    if args.dev and args.https:
        parser.error("--https 只用于生产设置，不能与 --dev 同用")
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module = serve_settings(dev=args.dev)
    problem = secret_key_problem(settings_module)
    if problem:
        print(f"网页服务未启动：{problem}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _refused(args: argparse.Namespace, refused: Any) -> int:
    """The one place the command line answers a refusal: a Chinese line on stderr, the code
    and message as JSON with --json, exit 3. Nothing was changed."""
    if getattr(args, "json", False):
        print_json(refused.as_json())
    print(f"已拒绝，未做任何更改：{refused.message}", file=sys.stderr)
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())

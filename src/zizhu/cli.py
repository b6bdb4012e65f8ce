"""`zizhu`: the operator's command line (spec/cli.md). It only parses, calls services, prints."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE, EXIT_REFUSED = 0, 2, 3

IMPORT_KINDS = ["schools", "students", "jdlk", "civil", "disability", "hardship", "loans"]
KIND_NAMES = {
    "schools": "学校名册",
    "students": "学生名册",
    "jdlk": "建档立卡贫困人口",
    "civil": "民政救助对象",
    "disability": "残疾人",
    "hardship": "家庭经济困难学生认定",
    "loans": "生源地信用助学贷款",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings")
    import django

    django.setup()
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


IMPORTERS = {
    "schools": ("zizhu.registry.services", "schools_import"),
    "students": ("zizhu.registry.services", "students_import"),
    "jdlk": ("zizhu.sources.services", "jdlk_import"),
    "civil": ("zizhu.sources.services", "civil_import"),
    "disability": ("zizhu.sources.services", "disability_import"),
    "hardship": ("zizhu.sources.services", "hardship_import"),
    "loans": ("zizhu.loans.services", "loans_import"),
}


def _importer(kind: str) -> Callable[..., Any]:
    module, name = IMPORTERS[kind]
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def cmd_import(args: argparse.Namespace) -> int:
    from zizhu.intake.errors import FileRefused

    importer = _importer(args.kind)
    try:
        result = importer(path=Path(args.file), actor=_actor(), term=args.term)
    except FileRefused as refused:
        if args.json:
            _print_json({"kind": args.kind, "file": args.file, "refused": refused.message})
        print(f"导入被拒绝，未做任何更改：{refused.message}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        _print_json(result.as_json())
    else:
        print(
            f"{KIND_NAMES[args.kind]}：{result.file}\n"
            f"共 {result.rows} 行：接受 {result.accepted} 行，未变 {result.unchanged} 行，"
            f"拒绝 {result.rejected} 行"
        )
        for error in result.errors:
            print(f"  第 {error.row} 行：{error.reason}")
        if result.errors_file:
            print(f"错误文件：{result.errors_file}")
    return EXIT_OK


LEVEL_NAMES = {"SPECIAL": "特别困难", "HARDSHIP": "困难", "GENERAL": "一般困难"}


def cmd_entitle(args: argparse.Namespace) -> int:
    from zizhu.aid.catalogue import CatalogueError
    from zizhu.aid.services import entitle
    from zizhu.core.money import fen_to_yuan
    from zizhu.registry.selectors import UnknownTerm

    try:
        summary = entitle(term=args.term, actor=_actor())
    except (UnknownTerm, CatalogueError) as refused:
        print(f"无法计算名单，未做任何更改：{refused}", file=sys.stderr)
        return EXIT_REFUSED
    document = {
        "term": summary.term,
        "students": summary.students,
        "hardship": {LEVEL_NAMES[k]: v for k, v in summary.hardship.items()},
        "programs": {
            code: {"students": total.students, "amount": fen_to_yuan(total.amount_fen)}
            for code, total in sorted(summary.programs.items())
        },
        "held": summary.held,
    }
    for code, count in summary.no_amount.items():
        print(
            f"注意：{code} 有 {count} 名学生符合条件，但政策目录中没有适用的金额标准",
            file=sys.stderr,
        )
    if args.json:
        _print_json(document)
        return EXIT_OK
    print(f"{summary.term}：在读学生 {summary.students} 人")
    print("困难等级：" + "，".join(f"{k} {v} 人" for k, v in document["hardship"].items()))
    for code, total in sorted(summary.programs.items()):
        print(f"  {code}: {total.students} 人，{fen_to_yuan(total.amount_fen)} 元")
    print(f"一人多籍暂缓：{summary.held} 条")
    print(
        f"本次变动：新增 {summary.changes['added']}，更新 {summary.changes['updated']}，"
        f"撤回 {summary.changes['withdrawn']}"
    )
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    from zizhu.aid.catalogue import CatalogueError
    from zizhu.aid.services import ApprovalRefused, approve
    from zizhu.core.money import fen_to_yuan

    try:
        start = dt.date.fromisoformat(args.publicity_start) if args.publicity_start else None
    except ValueError:
        print(f"--publicity-start 不是有效日期：{args.publicity_start}", file=sys.stderr)
        return EXIT_USAGE
    try:
        lists = approve(
            actor=_actor(), term=args.term, county=args.county, program=args.program,
            publicity_start=start,
        )  # fmt: skip
    except (ApprovalRefused, CatalogueError) as refused:
        print(f"审批被拒绝，未做任何更改：{refused}", file=sys.stderr)
        return EXIT_REFUSED
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
        _print_json(document)
        return EXIT_OK
    for item in lists:
        print(
            f"{item.county} {item.program}：审批 {item.count} 人，{fen_to_yuan(item.amount_fen)} 元"
        )
    print(f"合计审批 {document['count']} 人，{document['amount']} 元")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from zizhu.bench import run_import_benchmark

    run_import_benchmark(scale=args.scale, out=Path(args.out), keep=args.keep)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from zizhu.web.serve import serve

    return serve(host=args.host, port=args.port)


def cmd_createuser(args: argparse.Namespace) -> int:
    from zizhu.web.users import UserRefused, user_create

    password = os.environ.get("ZIZHU_PASSWORD") or getpass.getpass("密码（至少10位）：")
    try:
        user_create(
            actor=_actor(), username=args.username, password=password, role=args.role,
            county=args.county or "", school=args.school or "", department=args.department or "",
        )  # fmt: skip
    except UserRefused as refused:
        print(f"未创建用户：{refused}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"已创建用户 {args.username}（{args.role}）")
    return EXIT_OK


def _print_json(document: dict[str, Any]) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zizhu", description="学生资助管理信息系统")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser("import", help="导入文件（学校、学生、部门名单、认定、贷款）")
    imp.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND", help=" | ".join(IMPORT_KINDS))
    imp.add_argument("file")
    imp.add_argument("--term", help="学期，如 2019-2；须与文件中的学期一致")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    imp.set_defaults(handler=cmd_import)

    ent = commands.add_parser("entitle", help="计算学期的困难认定和各项目的待审核名单")
    ent.add_argument("--term", required=True, help="学期，如 2019-2")
    ent.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    ent.set_defaults(handler=cmd_entitle)

    app = commands.add_parser("approve", help="县区审批名单（公示须满5个工作日）")
    app.add_argument("--term", required=True)
    app.add_argument("--county", help="区县代码；不填则所有区县")
    app.add_argument("--program", help="资助项目代码；不填则所有项目")
    app.add_argument("--publicity-start", help="纸质公示的开始日期，如 2019-09-20")
    app.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    app.set_defaults(handler=cmd_approve)

    bench = commands.add_parser("bench", help="城市规模的导入基准测试（生成数据、导入、计时）")
    bench.add_argument("--scale", type=float, default=1.0, help="规模，1.0 为湛江全市")
    bench.add_argument("--out", default="var/bench", help="生成文件的目录")
    bench.add_argument("--keep", action="store_true", help="保留已生成的文件（再次运行时复用）")
    bench.set_defaults(handler=cmd_bench)

    srv = commands.add_parser("serve", help="启动网页服务和后台任务进程（Ctrl-C 停止）")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--host", default="127.0.0.1")
    srv.set_defaults(handler=cmd_serve)

    usr = commands.add_parser(
        "createuser", help="创建网页用户（密码取自 ZIZHU_PASSWORD 或提示输入）"
    )
    usr.add_argument("username")
    usr.add_argument("--role", required=True, choices=["CITY", "COUNTY", "SCHOOL", "DEPARTMENT",
                                                       "AUDITOR"])  # fmt: skip
    usr.add_argument("--county", help="县区用户的区县代码")
    usr.add_argument("--school", help="学校用户的学校标识码")
    usr.add_argument("--department", choices=["JDLK", "CIVIL", "DISABILITY"], help="部门用户")
    usr.set_defaults(handler=cmd_createuser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_django()
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())

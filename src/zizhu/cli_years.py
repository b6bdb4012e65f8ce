"""`zizhu region|term|catalogue` and the what-if of `zizhu entitle`: the set-up an operator
does for every year and place (spec/cli.md "Years and places"). Parse, call, print."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0


def command_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def print_json(document: dict[str, Any]) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_region_load(args: argparse.Namespace) -> int:
    from zizhu.registry.services import region_load

    result = region_load(path=Path(args.file), actor=command_actor())
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    print(
        f"{result.name}（{result.city}）：区县 {result.counties} 个；新增 {result.added}，"
        f"改名 {result.renamed}，未变 {result.unchanged}，删除 {result.removed}"
    )
    return EXIT_OK


def _date(text: str, what: str) -> dt.date:
    from zizhu.core.errors import Code, Refused

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Refused(Code.TERM_INVALID, f"{what}不是有效日期（如 2020-03-01）：{text}") from exc


def cmd_term_add(args: argparse.Namespace) -> int:
    from zizhu.aid.services import term_add

    result = term_add(
        code=args.code, name=args.name, actor=command_actor(),
        reference_date=_date(args.reference_date, "参考日期"),
        payment_due=_date(args.payment_due, "发放截止日期"),
    )  # fmt: skip
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    words = {"added": "已添加", "changed": "已修改", "unchanged": "未变"}[result.status]
    print(f"{result.term} {result.name}：{words}")
    return EXIT_OK


def cmd_term_list(args: argparse.Namespace) -> int:
    from zizhu.registry.selectors import term_list

    terms = term_list()
    if args.json:
        print_json({"terms": [t.as_json() for t in terms]})
        return EXIT_OK
    for t in terms:
        due = t.payment_due_date.isoformat() if t.payment_due_date else "—"
        print(f"{t.code}  {t.name}  参考日期 {t.reference_date}  发放截止 {due}")
    if not terms:
        print("还没有学期：用 zizhu term add 添加")
    return EXIT_OK


def cmd_catalogue_load(args: argparse.Namespace) -> int:
    from zizhu.aid.services import catalogue_load

    result = catalogue_load(path=Path(args.file), actor=command_actor())
    if args.json:
        print_json(result.as_json())
        return EXIT_OK
    words = "已载入为" if result.status == "added" else "与现行版本相同，未变："
    print(
        f"{result.name}：{words}第{result.version}版；学期 {'、'.join(result.terms)}；"
        f"资助项目 {len(result.programs)} 个"
    )
    return EXIT_OK


def cmd_catalogue_show(args: argparse.Namespace) -> int:
    from zizhu.aid.catalogue_words import catalogue_json, catalogue_lines
    from zizhu.aid.selectors import catalogue_in_force, catalogue_versions

    catalogue = catalogue_in_force(term=args.term)
    info = next(v for v in catalogue_versions() if v.version == catalogue.version)
    if args.json:
        provenance = {
            "file": info.file_name, "sha256": info.sha256, "loaded_by": info.loaded_by,
            "loaded_at": info.loaded_at.isoformat(),
        }  # fmt: skip
        print_json(catalogue_json(catalogue, provenance))
        return EXIT_OK
    print("\n".join(catalogue_lines(catalogue)))
    when = f"{info.loaded_at:%Y-%m-%d %H:%M}"
    print(f"文件 {info.file_name}，sha256 {info.sha256}；{info.loaded_by} 于 {when} 载入")
    return EXIT_OK


def cmd_entitle_dry_run(args: argparse.Namespace) -> int:
    from zizhu.aid.selectors import catalogue_read, entitle_dry_run
    from zizhu.core.money import fen_to_yuan
    from zizhu.core.scope import Scope

    draft = catalogue_read(Path(args.catalogue))
    found = entitle_dry_run(term=args.term, catalogue=draft, scope=Scope.city())
    if args.json:
        print_json(found.as_json())
        return EXIT_OK
    print(f"{found.term} 按草案“{draft.name}”试算（未做任何更改）：在读学生 {found.students} 人")
    for p in found.programs():
        print(
            f"  {p.program}：{p.students} 人，{fen_to_yuan(p.amount_fen)} 元；"
            f"比现有名单 {p.change_students:+d} 人，{_signed(fen_to_yuan(p.change_fen))} 元"
        )
    print(f"一人多籍暂缓：{found.held} 条；已达年度上限：{found.capped} 条")
    return EXIT_OK


def _signed(yuan: str) -> str:
    return yuan if yuan.startswith("-") else f"+{yuan}"


def add_year_commands(commands: Any) -> None:
    """The subcommands `region`, `term` and `catalogue` (commands: the parser's subparsers)."""
    region = commands.add_parser("region", help="行政区划：载入本市及其区县")
    region_commands = region.add_subparsers(dest="region_command", required=True, metavar="ACTION")
    rload = region_commands.add_parser("load", help="从行政区划文件载入本市及其区县")
    rload.add_argument("file")
    rload.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    rload.set_defaults(handler=cmd_region_load)

    term = commands.add_parser("term", help="学期：添加、列出")
    term_commands = term.add_subparsers(dest="term_command", required=True, metavar="ACTION")
    tadd = term_commands.add_parser("add", help="添加学期（代码如 2020-1 春季、2020-2 秋季）")
    tadd.add_argument("code")
    tadd.add_argument("--name", required=True, help="学期名称，如 2020年春季学期")
    tadd.add_argument("--reference-date", required=True, help="参考日期（决定适用的部门名单）")
    tadd.add_argument("--payment-due", required=True, help="发放截止日期")
    tadd.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    tadd.set_defaults(handler=cmd_term_add)
    tlist = term_commands.add_parser("list", help="列出学期（从早到晚）")
    tlist.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    tlist.set_defaults(handler=cmd_term_list)

    catalogue = commands.add_parser("catalogue", help="政策目录：载入新版本、查看现行版本")
    cat_commands = catalogue.add_subparsers(dest="catalogue_command", required=True,
                                            metavar="ACTION")  # fmt: skip
    cload = cat_commands.add_parser("load", help="检查政策目录文件并载入为新版本")
    cload.add_argument("file")
    cload.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    cload.set_defaults(handler=cmd_catalogue_load)
    cshow = cat_commands.add_parser("show", help="查看某学期现行的政策目录")
    cshow.add_argument("--term", required=True)
    cshow.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    cshow.set_defaults(handler=cmd_catalogue_show)

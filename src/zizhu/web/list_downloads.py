"""The downloads of the list pages: each list's columns and how one of its rows reads, as the
page shows it (zizhu.web.listexport writes them). A view hands over its own selector call,
with the filters it parsed, so the file holds exactly the page's rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.timezone import localtime

from zizhu.core.masking import mask_id_number
from zizhu.web.labels import grade_label, label
from zizhu.web.listexport import AMOUNT, INT, TEXT, Column, list_download, pages
from zizhu.web.scope import Viewer

Fetch = Callable[[int, int], Any]  # (offset, limit) -> a page of the list's selector

AID_LIST = [
    Column("姓名", TEXT, 10), Column("身份证件号", TEXT, 21), Column("学籍号", TEXT, 22),
    Column("学校", TEXT, 24), Column("年级", TEXT, 12), Column("区县", TEXT, 10),
    Column("金额（元）", AMOUNT, 12), Column("状态", TEXT, 14), Column("排除原因", TEXT, 24),
    Column("补录", TEXT, 6),
]  # fmt: skip


def aid_list_download(
    *, viewer: Viewer, title: str, filters: list[tuple[str, str]], fetch: Fetch
) -> HttpResponseBase:
    rows = (
        (e.name, mask_id_number(e.id_number), mask_id_number(e.student_no), e.school_name,
         label("stage", e.stage) + grade_label(e.stage, e.grade), label("county", e.county),
         e.amount_fen,
         label("excluded_by", e.excluded_by) if e.excluded_by
         else label("entitlement_status", e.status),
         e.exclusion_reason, "是" if e.manual else "")
        for e in pages(fetch)
    )  # fmt: skip
    return list_download(viewer=viewer, what="aid_list", title=title, filters=filters,
                         columns=AID_LIST, rows=rows)  # fmt: skip


FINDINGS = [
    Column("检查项", TEXT, 16), Column("学生", TEXT, 10), Column("身份证件号", TEXT, 21),
    Column("区县", TEXT, 10), Column("学校", TEXT, 24), Column("资助项目", TEXT, 26),
    Column("情况", TEXT, 50), Column("交学校核查", TEXT, 30), Column("状态", TEXT, 10),
    Column("处理人", TEXT, 12), Column("处理说明", TEXT, 30),
]  # fmt: skip


def findings_download(
    *,
    viewer: Viewer,
    title: str,
    filters: list[tuple[str, str]],
    names: dict[str, str],
    fetch: Fetch,
) -> HttpResponseBase:
    from zizhu.core.actions import actor_words

    rows = (
        (f.check_name, f.name, mask_id_number(f.id_number), label("county", f.county),
         f.school_name, names.get(f.program, f.program) if f.program else "", f.detail,
         f"{f.handed_school_name}：{f.handed_note}" if f.handed_school else "",
         label("finding_status", f.status),
         actor_words(f.resolved_by) if f.resolved_by else "", f.resolution_note)
        for f in pages(fetch)
    )  # fmt: skip
    return list_download(viewer=viewer, what="findings", title=title, filters=filters,
                         columns=FINDINGS, rows=rows)  # fmt: skip


LOANS = [
    Column("姓名", TEXT, 10), Column("身份证件号", TEXT, 21), Column("户籍地区县", TEXT, 10),
    Column("合同编号", TEXT, 22), Column("学年", TEXT, 11), Column("就读高校", TEXT, 24),
    Column("学历层次", TEXT, 8), Column("贷款金额（元）", AMOUNT, 14), Column("放款日期", TEXT, 12),
]  # fmt: skip


def loans_download(
    *, viewer: Viewer, title: str, filters: list[tuple[str, str]], levels: dict[str, str],
    fetch: Fetch,
) -> HttpResponseBase:  # fmt: skip
    rows = (
        (r.name, mask_id_number(r.id_number), label("county", r.county), r.contract_no,
         r.school_year, r.university, levels.get(r.level, r.level), r.amount_fen,
         r.disbursed_on.isoformat() if r.disbursed_on else "")
        for r in pages(fetch)
    )  # fmt: skip
    return list_download(viewer=viewer, what="loans", title=title, filters=filters,
                         columns=LOANS, rows=rows)  # fmt: skip


STUDENTS = [
    Column("姓名", TEXT, 10), Column("身份证件号", TEXT, 21), Column("学籍号", TEXT, 22),
    Column("学校", TEXT, 24), Column("学期", TEXT, 16),
]  # fmt: skip


def students_download(
    *, viewer: Viewer, title: str, filters: list[tuple[str, str]], limit: int, fetch: Fetch,
    term_names: dict[str, str],
) -> HttpResponseBase:  # fmt: skip
    rows = (
        (s.name, mask_id_number(s.id_number), mask_id_number(s.student_no), s.school_name,
         term_names.get(s.term, s.term))
        for s in pages(fetch, limit=limit)
    )  # fmt: skip
    return list_download(viewer=viewer, what="students", title=title, filters=filters,
                         columns=STUDENTS, rows=rows)  # fmt: skip


MISMATCHES = [
    Column("身份证件号", TEXT, 21), Column("名单上的姓名", TEXT, 12), Column("学籍姓名", TEXT, 12),
    Column("名单", TEXT, 30), Column("行号", INT, 8), Column("状态", TEXT, 10),
]  # fmt: skip


def mismatches_download(
    *, viewer: Viewer, title: str, filters: list[tuple[str, str]], rows: Iterable[Any]
) -> HttpResponseBase:
    lines = (
        (mask_id_number(m.id_number), m.list_name, m.student_name,
         f"{label('list_kind', m.list_kind)} {label('county', m.list_county)} 第{m.list_version}版",
         m.row_no, "已确认" if m.confirmed else "待确认")
        for m in rows
    )  # fmt: skip
    return list_download(viewer=viewer, what="mismatches", title=title, filters=filters,
                         columns=MISMATCHES, rows=lines)  # fmt: skip


TRAIL = [
    Column("时间", TEXT, 20), Column("操作人", TEXT, 16), Column("操作", TEXT, 20),
    Column("对象", TEXT, 30), Column("数量", TEXT, 30), Column("说明", TEXT, 60),
]  # fmt: skip


def trail_download(
    *, viewer: Viewer, title: str, filters: list[tuple[str, str]], lines: Iterable[dict[str, Any]]
) -> HttpResponseBase:
    rows = (
        (f"{localtime(e['at']):%Y-%m-%d %H:%M:%S}", e["actor"], e["action"], e["subject"],
         "，".join(f"{n} {v}" for n, v in e["counts"]),
         "；".join(f"{n}：{v}" for n, v in e["details"]))
        for e in lines
    )  # fmt: skip
    return list_download(viewer=viewer, what="audit_trail", title=title, filters=filters,
                         columns=TRAIL, rows=rows)  # fmt: skip

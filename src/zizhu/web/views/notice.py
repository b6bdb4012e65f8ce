"""公示名单: the list a school or a county posts on its notice board for a program and term,
as a page to print (A4, the table's header repeated on every page) and as .xlsx.

It holds the students the list counts (待审核, 学校已确认, 已审批: those who would be paid),
each with name, school, grade, masked ID, program and amount; the 公示 period from the
county's recorded 公示 and the catalogue's working days (blank lines to fill by hand when
none is recorded yet); and the office's contact line left for the officer to fill. Printing
or downloading it is an export of personal data: an event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from zizhu.aid.constants import COUNTED
from zizhu.aid.selectors import EntitlementRow, entitlement_rows, program_names, publicity_rows
from zizhu.core.events import event_record
from zizhu.core.masking import mask_id_number
from zizhu.core.scope import Level, Scope
from zizhu.registry.selectors import school_rows
from zizhu.web.access import STUDENT_VIEWERS, role_required
from zizhu.web.labels import grade_label, label
from zizhu.web.listexport import AMOUNT, INT, TEXT, Column, download_asked, list_download, pages
from zizhu.web.views.common import narrowed_scope, term_name, term_of, unit_name, viewer_of

NOTICE_COLUMNS = [
    Column("序号", INT, 6), Column("姓名", TEXT, 10), Column("学校", TEXT, 26),
    Column("年级", TEXT, 12), Column("身份证件号", TEXT, 21), Column("资助项目", TEXT, 28),
    Column("金额（元）", AMOUNT, 12),
]  # fmt: skip
BLANK_PERIOD = "公示期：______年____月____日至______年____月____日"
CONTACT = "如对公示名单有异议，请在公示期内向本单位反映。联系人：__________  联系电话：__________"
SIGNED = "（单位盖章）          ______年____月____日"


@dataclass(frozen=True)
class NoticeLine:
    n: int
    name: str
    school: str
    grade: str
    id_number: str  # masked
    program: str
    amount_fen: int


def _notice_scope(request: HttpRequest) -> Scope:
    """One county's or one school's list: a 公示 is posted by a school or a county."""
    scope, _ = narrowed_scope(request)
    school = request.GET.get("school", "").strip()
    if school and scope.level != Level.SCHOOL:
        found = [s for s in school_rows(scope=scope, query=school) if s.code == school]
        if not found:
            raise Http404("学校不在您的管辖范围内")
        scope = Scope.of_school(school, county=found[0].county_code)
    if scope.level == Level.CITY:
        raise Http404("公示名单按区县或学校制作：请选择区县")
    return scope


def _period(scope: Scope, term: str, program: str) -> str:
    active = [p for p in publicity_rows(scope=scope, term=term, program=program)
              if p.state == "ACTIVE"]  # fmt: skip
    if not active:
        return BLANK_PERIOD
    found = active[0]  # the newest in force
    return (f"公示期：{_date(found.start)}至{_date(found.end)}"
            f"（{found.working_days}个工作日）")  # fmt: skip


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _lines(scope: Scope, term: str, program: str, name: str) -> list[NoticeLine]:
    def line(n: int, e: EntitlementRow) -> NoticeLine:
        grade = label("stage", e.stage) + grade_label(e.stage, e.grade)
        return NoticeLine(n, e.name, e.school_name, grade, mask_id_number(e.id_number or
                          e.student_no), name, e.amount_fen)  # fmt: skip

    rows = pages(lambda offset, limit: entitlement_rows(
        scope=scope, term=term, program=program, statuses=COUNTED, offset=offset, limit=limit,
    ))  # fmt: skip
    return [line(n, e) for n, e in enumerate(rows, start=1)]


@role_required(*STUDENT_VIEWERS)
def aid_notice(request: HttpRequest, program: str) -> HttpResponseBase:
    viewer = viewer_of(request)
    term = term_of(request)
    names = program_names(term=term)
    if program not in names:
        raise Http404("没有这个资助项目")
    scope = _notice_scope(request)
    title = f"{unit_name(scope)}{term_name(term)}{names[program]}受助学生名单公示"
    period = _period(scope, term, program)
    lines = _lines(scope, term, program, names[program])
    if download_asked(request):
        return list_download(
            viewer=viewer, what="publicity_notice", title=title,
            filters=[("资助项目", names[program])], lines=[period], columns=NOTICE_COLUMNS,
            rows=((x.n, x.name, x.school, x.grade, x.id_number, x.program, x.amount_fen)
                  for x in lines),
            footer=[CONTACT, SIGNED],
        )  # fmt: skip
    with transaction.atomic():
        event_record(
            actor=viewer.actor, action="web.export", subject=title,
            counts={"rows": len(lines)},
            detail={"what": "publicity_notice", "program": program, "term": term,
                    "scope": scope.key},
        )  # fmt: skip
    return render(
        request,
        "web/notice.html",
        {"title": title, "period": period, "lines": lines, "contact": CONTACT, "signed": SIGNED,
         "total_fen": sum(x.amount_fen for x in lines), "term": term, "program": program},
    )  # fmt: skip

"""公示: recording, correcting and withdrawing it, and whether it allows an approval.

The rules (issue 11.8): an approval needs a 公示 that began after the list's last change and
has lasted the catalogue's working days. A 公示 dated before the day it is recorded can only
have been held on paper, and is recorded as such; it began on its date, so a list changed on
or after that day was not what it showed. A record is corrected (a new record replaces it,
keeping its place in time) or withdrawn only while no approval relies on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zizhu.aid._changes import last_change
from zizhu.aid.catalogue import Catalogue
from zizhu.aid.constants import PublicityState
from zizhu.aid.models import ListChange, Publicity
from zizhu.core.actions import action_words
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.scope import Level, Scope


def _county_of(scope: Scope) -> str:
    """The county a 公示 is recorded for: a county's own officer (or an operator acting for
    one county)."""
    scope.write_required()
    if scope.level != Level.COUNTY or not scope.county:
        raise Refused(Code.ROLE_FORBIDDEN, "只有县区资助办可以登记本县区的公示")
    return scope.county


def _dated_check(start_date: dt.date, recorded_on: dt.date, on_paper: bool) -> None:
    if start_date < recorded_on and not on_paper:
        raise Refused(
            Code.PUBLICITY_BACKDATED,
            f"公示开始日期 {start_date} 早于登记日 {recorded_on}：只有在系统外举行的纸质公示"
            "才能补登，请注明为纸质公示",
        )


def publicity_record(
    *,
    scope: Scope,
    actor: str,
    term: str,
    start_date: dt.date,
    program: str = "",
    on_paper: bool = False,
    today: dt.date | None = None,
) -> Publicity:
    county = _county_of(scope)
    today = today or timezone.localdate()
    _dated_check(start_date, today, on_paper)
    with transaction.atomic():
        event = event_record(
            actor=actor,
            action="aid.publicity",
            subject=f"{term} {county} {program or '全部项目'}",
            detail={"start_date": start_date.isoformat(), "on_paper": on_paper,
                    "recorded_on": today.isoformat()},
        )  # fmt: skip
        return Publicity.objects.create(
            term_id=term, county_id=county, program=program, start_date=start_date,
            on_paper=on_paper, recorded_by=actor, recorded_on=today, event=event,
        )  # fmt: skip


def _open_record(scope: Scope, publicity_id: int) -> Publicity:
    """The county's own active, unused record, locked against a second change at once."""
    county = _county_of(scope)
    found = Publicity.objects.filter(pk=publicity_id, county_id=county).first()
    if found is None:
        raise Refused(Code.NOT_FOUND, "没有这条公示记录")
    if found.state != PublicityState.ACTIVE:
        raise Refused(Code.PUBLICITY_CLOSED, "这条公示记录已更正或撤回")
    if found.approvals.exists():
        raise Refused(Code.PUBLICITY_USED, "已有名单依据这条公示审批，不能再更正或撤回")
    return found


def _close(found: Publicity, state: str, actor: str, note: str, event_id: int) -> None:
    closed = Publicity.objects.filter(pk=found.pk, state=PublicityState.ACTIVE).update(
        state=state, closed_by=actor, closed_note=note, closed_event_id=event_id
    )
    if closed != 1:  # another correction or withdrawal took it first
        raise Refused(Code.PUBLICITY_CLOSED, "这条公示记录已更正或撤回")


def _note_required(note: str, what: str) -> str:
    note = note.strip()
    if not note:
        raise Refused(Code.NOTE_REQUIRED, f"{what}公示记录须填写原因")
    return note


def publicity_correct(
    *,
    scope: Scope,
    actor: str,
    publicity_id: int,
    start_date: dt.date,
    on_paper: bool,
    note: str,
) -> Publicity:
    """Put a wrong start date (or the paper mark) right: a new record replaces the old one,
    keeping the day the 公示 was first recorded."""
    note = _note_required(note, "更正")
    with transaction.atomic():
        old = _open_record(scope, publicity_id)
        origin = old.origin or old
        _dated_check(start_date, old.recorded_on, on_paper)
        event = event_record(
            actor=actor,
            action="aid.publicity_correct",
            subject=f"{old.term_id} {old.county_id} {old.program or '全部项目'}",
            detail={"publicity": old.pk, "note": note,
                    "before": {"start_date": old.start_date.isoformat(),
                               "on_paper": old.on_paper},
                    "after": {"start_date": start_date.isoformat(), "on_paper": on_paper}},
        )  # fmt: skip
        new = Publicity.objects.create(
            term_id=old.term_id, county_id=old.county_id, program=old.program,
            start_date=start_date, on_paper=on_paper, recorded_by=actor,
            recorded_on=old.recorded_on, event=event, origin=origin,
        )  # fmt: skip
        _close(old, PublicityState.CORRECTED, actor, note, event.pk)
        Publicity.objects.filter(pk=old.pk).update(replaced_by=new)
        return new


def publicity_withdraw(*, scope: Scope, actor: str, publicity_id: int, note: str) -> None:
    note = _note_required(note, "撤回")
    with transaction.atomic():
        old = _open_record(scope, publicity_id)
        event = event_record(
            actor=actor,
            action="aid.publicity_withdraw",
            subject=f"{old.term_id} {old.county_id} {old.program or '全部项目'}",
            detail={"publicity": old.pk, "note": note,
                    "start_date": old.start_date.isoformat(), "on_paper": old.on_paper},
        )  # fmt: skip
        _close(old, PublicityState.WITHDRAWN, actor, note, event.pk)


def publicity_end(policy: Catalogue, start: dt.date) -> dt.date:
    """The last of the 公示's working days: it has lasted them once this day is over."""
    day, counted = start, 0
    for _ in range(366):
        if policy.is_working_day(day):
            counted += 1
            if counted >= policy.publicity_working_days:
                return day
        day += dt.timedelta(days=1)
    return day


def _began_after(publicity: Publicity, change: ListChange | None) -> bool:
    """Whether the 公示 began after the list's last change: it was first recorded after the
    change and, held on paper before it was recorded, began on a later day than the change
    (on the same day, the list may have changed after it was posted)."""
    if change is None:
        return True
    told = publicity.origin.event_id if publicity.origin else publicity.event_id
    if told <= change.event_id:
        return False
    if publicity.start_date < publicity.recorded_on:
        return publicity.start_date > timezone.localtime(change.changed_at).date()
    return True


@dataclass(frozen=True)
class Verdict:
    """Whether a list may be approved on `today` as far as its 公示 goes, and on which."""

    publicity: Publicity | None  # the one relied on, or the nearest to it when refused
    end: dt.date | None
    code: Code | None  # None: the 公示 allows the approval
    message: str


def publicity_verdict(
    *,
    term: str,
    county: str,
    program: str,
    policy: Catalogue,
    today: dt.date,
    names: str,
    given: Publicity | None = None,
) -> Verdict:
    """The 公示 an approval of the list would rely on. `given`: a paper 公示 given at the
    approval, the only one then considered. `names`: the list, in words, for the message."""
    if given is not None:
        records = [given]
    else:
        records = list(
            Publicity.objects.filter(
                term_id=term, county_id=county, program__in=[program, ""],
                state=PublicityState.ACTIVE,
            ).select_related("origin").order_by("start_date", "pk")
        )  # fmt: skip
    if not records:
        return Verdict(None, None, Code.APPROVAL_NO_PUBLICITY,
                       f"{names}没有公示记录：请先公示，或给出纸质公示的开始日期")  # fmt: skip
    change = last_change(term=term, county=county, program=program)
    fresh = [p for p in records if _began_after(p, change)]
    if not fresh:
        assert change is not None
        latest = records[-1]
        when = timezone.localtime(change.changed_at)
        return Verdict(
            latest, publicity_end(policy, latest.start_date), Code.APPROVAL_PUBLICITY_STALE,
            f"{names}的公示（{latest.start_date} 起）开始后，名单于 {when:%Y-%m-%d %H:%M} "
            f"又有变动（{action_words(change.action, imports={})}）：变动后的名单须重新公示",
        )  # fmt: skip
    needed = policy.publicity_working_days
    lasted = [p for p in fresh if policy.working_days(p.start_date, today) >= needed]
    if not lasted:
        nearest = fresh[0]
        days = max(policy.working_days(nearest.start_date, today), 0)
        end = publicity_end(policy, nearest.start_date)
        return Verdict(
            nearest, end, Code.APPROVAL_PUBLICITY_SHORT,
            f"{names}的公示自 {nearest.start_date} 起只有 {days} 个工作日，须满 {needed} "
            f"个工作日（至 {end}）才能审批",
        )  # fmt: skip
    chosen = lasted[0]
    return Verdict(chosen, publicity_end(policy, chosen.start_date), None, "")

"""The audit area's reads, as plain values: findings of a term, filtered and scoped, with
what was said about them (handed to a school, answered, resolved).

A school sees only the findings a county handed to it; a county its own; the city and its
auditors every one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zizhu.audit._words import code_words, detail_words
from zizhu.audit.constants import CHECK_NAMES, FindingNoteKind, FindingStatus
from zizhu.audit.models import Finding, FindingNote
from zizhu.core.scope import Level, Scope
from zizhu.hardship.selectors import (
    CategoryEvidence,
    MismatchRow,
    category_records,
    name_mismatch_rows,
)
from zizhu.payments.selectors import PersonPayment, payments_of_people
from zizhu.registry.selectors import (
    LinkedEnrolment,
    account_sharers,
    school_names,
    term_enrolments,
)


@dataclass(frozen=True)
class FindingLine:
    id: int
    term: str
    check: str
    check_name: str
    person_id: int
    name: str
    id_number: str  # or 学籍号 where the person has none
    program: str | None
    school: str
    school_name: str
    county: str
    detail: str  # in words: the codes it holds replaced by their Chinese names
    status: str
    resolved_by: str
    resolved_at: dt.datetime | None
    resolution_note: str
    handed_school: str  # the school a county handed it to; "" while none
    handed_school_name: str
    handed_by: str
    handed_at: dt.datetime | None
    handed_note: str  # what the county asked of the school
    answer_note: str  # the school's latest answer since it was handed; "" while none
    answered_at: dt.datetime | None


@dataclass(frozen=True)
class FindingPage:
    rows: list[FindingLine]
    total: int


@dataclass(frozen=True)
class FindingCount:
    county: str
    program: str | None
    count: int


def _in_scope(scope: Scope) -> Q:
    """The findings a scope sees: a school only those handed to it."""
    if scope.level == Level.SCHOOL:
        return Q(handed_school=scope.school)
    return scope.q(county="county", school="school")


def _scoped(term: str, scope: Scope, status: str | None) -> QuerySet[Finding]:
    rows = Finding.objects.filter(_in_scope(scope), term_id=term)
    if status:
        rows = rows.filter(status=status)
    return rows


def finding_rows(
    *,
    scope: Scope,
    term: str,
    check: str | None = None,
    program: str | None = None,
    status: str | None = FindingStatus.OPEN,
    offset: int = 0,
    limit: int = 100,
) -> FindingPage:
    """A term's findings in scope (open ones by default; None: every state), by check, person
    and program, resolved ones newest first; program and check narrow to one
    (scope.narrowed() to one county)."""
    rows = _scoped(term, scope, status)
    if check:
        rows = rows.filter(check_code=check)
    if program:
        rows = rows.filter(program=program)
    total = rows.count()
    order = ["check_code", "county", "person_id", "program"]
    if status == FindingStatus.RESOLVED:
        order = ["-resolved_at", "-id"]
    found = rows.select_related("person").order_by(*order)[offset : offset + limit]
    return FindingPage(rows=_lines(list(found)), total=total)


def findings_handed(*, scope: Scope, term: str) -> list[FindingLine]:
    """The term's open findings a county handed to a school, with the county's note and any
    answer: for a school's scope, those handed to it; for a county, those it handed."""
    rows = (
        _scoped(term, scope, FindingStatus.OPEN)
        .exclude(handed_school="")
        .select_related("person")
        .order_by("check_code", "person_id", "program")
    )
    return _lines(list(rows))


def finding_line(*, scope: Scope, finding_id: int) -> FindingLine | None:
    """One finding in scope, whatever its state; None outside the scope."""
    found = Finding.objects.filter(_in_scope(scope), pk=finding_id).select_related("person")
    return next(iter(_lines(list(found))), None)


def _lines(found: list[Finding]) -> list[FindingLine]:
    """The findings as lines: their latest handing and answer, the schools' names and the
    detail in words read for all of them at once."""
    handed: dict[int, FindingNote] = {}
    answered: dict[int, FindingNote] = {}
    notes = FindingNote.objects.filter(
        finding_id__in=[f.pk for f in found],
        kind__in=[FindingNoteKind.HANDED, FindingNoteKind.ANSWERED],
    ).order_by("id")
    for note in notes:
        if note.kind == FindingNoteKind.HANDED:
            handed[note.finding_id] = note
            answered.pop(note.finding_id, None)  # an answer to an earlier handing is stale
        else:
            answered[note.finding_id] = note
    names = school_names(codes={f.school for f in found} | {f.handed_school for f in found})
    words = {term: code_words(term=term) for term in {f.term_id for f in found}}
    lines = []
    for f in found:
        hand, answer = handed.get(f.pk), answered.get(f.pk)
        lines.append(
            FindingLine(
                id=f.pk,
                term=f.term_id,
                check=f.check_code,
                check_name=CHECK_NAMES.get(f.check_code, f.check_code),
                person_id=f.person_id,
                name=f.person.name,
                id_number=f.person.id_number or f.person.student_no or "",
                program=f.program or None,
                school=f.school,
                school_name=names.get(f.school, f.school),
                county=f.county,
                detail=detail_words(f.detail, words[f.term_id]),
                status=f.status,
                resolved_by=f.resolved_by,
                resolved_at=f.resolved_at,
                resolution_note=f.resolution_note,
                handed_school=f.handed_school,
                handed_school_name=names.get(f.handed_school, f.handed_school),
                handed_by=hand.actor if hand else "",
                handed_at=hand.at if hand else None,
                handed_note=hand.note if hand else "",
                answer_note=answer.note if answer else "",
                answered_at=answer.at if answer else None,
            )  # fmt: skip
        )
    return lines


@dataclass(frozen=True)
class NoteLine:
    """One step of a finding's history."""

    kind: str  # FindingNoteKind
    school: str  # the school it was handed to, or that answered
    school_name: str
    actor: str
    at: dt.datetime
    note: str


def finding_history(*, scope: Scope, finding_id: int) -> list[NoteLine]:
    """What happened to the finding, oldest first (none outside the scope)."""
    notes = list(
        FindingNote.objects.filter(
            finding__in=Finding.objects.filter(_in_scope(scope), pk=finding_id)
        ).order_by("id")
    )
    names = school_names(codes={n.school for n in notes if n.school})
    return [
        NoteLine(n.kind, n.school, names.get(n.school, n.school), n.actor, n.at, n.note)
        for n in notes
    ]


@dataclass(frozen=True)
class FindingLinks:
    """The students and records a finding concerns besides its own student, as far as the
    data says: what an officer opens to judge it."""

    sharers: list[LinkedEnrolment]  # SHARED_ACCOUNT: the other students on the account
    schools: list[LinkedEnrolment]  # DUP_ENROLLMENT: each school the student is on the roll of
    payments: list[PersonPayment]  # DUP_PAYMENT, PAYMENT_FAILED: the program's payments
    categories: list[CategoryEvidence]  # CATEGORY_CONFLICT: the list rows giving categories
    mismatches: list[MismatchRow]  # NAME_MISMATCH: the list record held for review

    @property
    def empty(self) -> bool:
        return not (self.sharers or self.schools or self.payments or self.categories
                    or self.mismatches)  # fmt: skip

    @property
    def sharers_outside(self) -> int:
        """Other students on the account outside the asker's scope: counted, not named."""
        return sum(1 for s in self.sharers if not s.in_scope)


def finding_links(
    *, scope: Scope, term: str, findings: list[FindingLine]
) -> dict[int, FindingLinks]:
    """What each of these findings (a page of them, of one term) concerns: one read per kind
    of link for the whole page, never one per finding."""

    def people(*checks: str) -> set[int]:
        return {f.person_id for f in findings if f.check in checks}

    sharers = account_sharers(scope=scope, term=term, person_ids=people("SHARED_ACCOUNT"))
    schools = term_enrolments(scope=scope, term=term, person_ids=people("DUP_ENROLLMENT"))
    paid = people("DUP_PAYMENT", "PAYMENT_FAILED")
    payments = payments_of_people(scope=scope, person_ids=paid, term=term) if paid else []
    categories = category_records(scope=scope, term=term, person_ids=people("CATEGORY_CONFLICT"))
    held = people("NAME_MISMATCH")
    mismatches = name_mismatch_rows(scope=scope, term=term, person_ids=held) if held else []
    links = {}
    for f in findings:
        concerns = f.check in ("DUP_PAYMENT", "PAYMENT_FAILED")
        links[f.id] = FindingLinks(
            sharers=sharers.get(f.person_id, []) if f.check == "SHARED_ACCOUNT" else [],
            schools=schools.get(f.person_id, []) if f.check == "DUP_ENROLLMENT" else [],
            payments=[p for p in payments
                      if concerns and p.person_id == f.person_id and p.program == f.program],
            categories=categories.get(f.person_id, []) if f.check == "CATEGORY_CONFLICT" else [],
            mismatches=[m for m in mismatches
                        if f.check == "NAME_MISMATCH" and m.person_id == f.person_id],
        )  # fmt: skip
    return links


def finding_counts(
    *, scope: Scope, term: str, status: str = FindingStatus.OPEN
) -> list[FindingCount]:
    """Findings of a term per county and program (None: findings that name no program)."""
    grouped = (
        _scoped(term, scope, status)
        .values("county", "program")
        .annotate(n=Count("id"))
        .order_by("county", "program")
    )
    return [FindingCount(g["county"], g["program"] or None, int(g["n"])) for g in grouped]


def finding_in_scope(*, scope: Scope, finding_id: int) -> bool:
    """Whether the finding exists and lies in the scope."""
    return Finding.objects.filter(_in_scope(scope), pk=finding_id).exists()


def check_names() -> dict[str, str]:
    """The checks' codes and Chinese names, in spec/cli.md's order."""
    return dict(CHECK_NAMES)

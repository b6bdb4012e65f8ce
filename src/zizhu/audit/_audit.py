"""`audit`: run every check over a term and keep the findings, in one transaction.

A finding stays open until someone resolves it with a note; a resolved finding comes back
only when its facts (its detail) change; an open finding the checks no longer find is
cleared. Both are lines of the finding's history, written set-based with the run. One event
records the run with its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zizhu.aid.services import judging_build, judging_drop
from zizhu.audit._checks import enrolled_create, run_checks
from zizhu.audit._words import code_words, detail_words
from zizhu.audit.constants import CHECKS, FindingNoteKind, FindingStatus
from zizhu.audit.models import Finding
from zizhu.core import bulk
from zizhu.core.errors import Code, Refused
from zizhu.core.events import event_record
from zizhu.core.progress import Progress, progress_or_silent
from zizhu.core.scope import Scope
from zizhu.registry.selectors import term_facts


@dataclass(frozen=True)
class FindingRow:
    check: str
    id_number: str  # or 学籍号 where the person has none
    program: str | None
    school: str
    county: str
    detail: str


@dataclass(frozen=True)
class AuditResult:
    term: str
    counts: dict[str, int]
    findings: list[FindingRow]
    changes: dict[str, int]

    def as_json(self, *, with_findings: bool = True) -> dict[str, Any]:
        """cli.md's `audit` shape; the pages keep it without the list of findings, which they
        read from the findings page instead."""
        document: dict[str, Any] = {"term": self.term, "counts": self.counts}
        if with_findings:
            document["findings"] = [
                {"check": f.check, "id_number": f.id_number, "program": f.program,
                 "school": f.school, "detail": f.detail}
                for f in self.findings
            ]  # fmt: skip
        return document


def audit(*, scope: Scope, term: str, actor: str, progress: Progress | None = None) -> AuditResult:
    """Run every check over the term. The checks compare students across counties (一人多籍,
    shared accounts), so the audit is the city's: a narrower scope is refused. `progress`
    hears its stages (zizhu.core.progress)."""
    if not scope.whole_city:
        raise Refused(Code.ROLE_FORBIDDEN, "审计只能由市资助中心对全市运行")
    facts = term_facts(term)
    report = progress_or_silent(progress)
    with transaction.atomic():
        # Fresh statistics for what the term's last steps changed (approval, payments, the
        # bank's answers), which autovacuum may not have seen yet, and (in run_checks) for
        # the audit's own scratch tables, which it never sees: one run of the audit at a
        # quarter of the city took 85.6 s instead of 11 s, most likely on a plan made without
        # them (BENCHMARKS.md, "Growth curve").
        bulk.analyze("aid_entitlement", "payments_paymentbatch", "payments_payment")
        report(0.0, "按政策目录重新判定")
        found = judging_build(term=term)
        for table in ("au_enrolled", "au_found", "au_final"):
            bulk.execute(f"DROP TABLE IF EXISTS {table}")
        report(0.3, "整理在读学生")
        enrolled_create(term)
        report(0.4, "运行各项检查")
        run_checks(term, facts.reference_date.isoformat(), found)
        report(0.8, "记录问题")
        bulk.execute(
            """
            CREATE TEMPORARY TABLE au_final AS
            SELECT check_code, person_id, program, MIN(school) AS school,
                MIN(county) AS county, MIN(detail) AS detail
            FROM au_found GROUP BY check_code, person_id, program
            """
        )
        counts = dict(bulk.fetch_all("SELECT check_code, COUNT(*) FROM au_final GROUP BY 1"))
        event = event_record(
            actor=actor,
            action="audit.run",
            subject=term,
            counts={check: int(counts.get(check, 0)) for check in CHECKS},
            detail={"catalogue": found.newest.source, "versions": sorted(found.versions)},
        )
        changes = _merge(term, event.pk)
        for table in ("au_enrolled", "au_found", "au_final"):
            bulk.execute(f"DROP TABLE {table}")
        judging_drop()
    report(0.95, "汇总")
    findings = open_findings(scope=scope, term=term)
    report(1.0, "完成")
    open_counts = {check: sum(1 for f in findings if f.check == check) for check in CHECKS}
    return AuditResult(
        term=term,
        counts={check: n for check, n in open_counts.items() if n},
        findings=findings,
        changes=changes,
    )


def _same_key(finding: str) -> str:
    """The finding (`audit_finding` as `finding`) is the one found again in au_final n; the
    term is one parameter."""
    return (
        f"{finding}.term_id = %s AND {finding}.check_code = n.check_code"
        f" AND {finding}.person_id = n.person_id AND {finding}.program = n.program"
    )


def _not_found(finding: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM au_final n WHERE {_same_key(finding)})"


def _merge(term: str, event_id: int) -> dict[str, int]:
    is_open, cleared_ = f"'{FindingStatus.OPEN}'", f"'{FindingStatus.CLEARED}'"
    # Facts that changed bring a resolved or cleared finding back, a new line of its history.
    comes_back = f"f.status <> {is_open} AND (f.detail <> n.detail OR f.status = {cleared_})"
    _history_add(FindingNoteKind.CLEARED, "", [],
                 f"f.term_id = %s AND f.status = {is_open} AND {_not_found('f')}",
                 [term, term], event_id)  # fmt: skip
    _history_add(
        FindingNoteKind.REOPENED, f"JOIN au_final n ON {_same_key('f')}", [term], comes_back,
        [], event_id,
    )  # fmt: skip
    cleared = bulk.execute(
        f"""
        UPDATE audit_finding SET status = {cleared_}, found_event_id = %s
        WHERE term_id = %s AND status = {is_open} AND {_not_found("audit_finding")}
        """,
        [event_id, term, term],
    )
    # Open ones take the new facts; resolved or cleared ones reopen when their facts differ,
    # no longer handed to a school (what the school was asked was about the old facts).
    reopened = bulk.execute(
        f"""
        UPDATE audit_finding SET status = {is_open}, detail = n.detail, school = n.school,
            county = n.county, found_event_id = %s, resolved_by = '', resolved_at = NULL,
            resolution_note = '',
            handed_school = CASE WHEN audit_finding.status = {is_open}
                                 THEN audit_finding.handed_school ELSE '' END
        FROM au_final n
        WHERE {_same_key("audit_finding")}
          AND (audit_finding.detail <> n.detail OR audit_finding.status = {cleared_}
               OR (audit_finding.status = {is_open} AND (audit_finding.school <> n.school
                                                      OR audit_finding.county <> n.county)))
        """,
        [event_id, term],
    )
    opened = bulk.execute(
        f"""
        INSERT INTO audit_finding (term_id, check_code, person_id, program, school, county, detail,
            status, found_event_id, resolved_by, resolved_at, resolution_note, handed_school)
        SELECT %s, n.check_code, n.person_id, n.program, n.school, n.county, n.detail, {is_open},
            %s, '', NULL, '', ''
        FROM au_final n
        WHERE NOT EXISTS (SELECT 1 FROM audit_finding f WHERE {_same_key("f")})
        """,
        [term, event_id, term],
    )
    return {"opened": opened, "updated": reopened, "cleared": cleared}


def _history_add(
    kind: FindingNoteKind,
    join: str,
    join_params: list[str],
    where: str,
    params: list[str],
    event_id: int,
) -> None:
    """A line of history for each finding (audit_finding f, joined and filtered as given),
    with the run's event's actor and time."""
    bulk.execute(
        f"""
        INSERT INTO audit_findingnote (finding_id, kind, school, actor, at, note, event_id)
        SELECT f.id, '{kind}', '', ev.actor, ev.at, '', ev.id
        FROM audit_finding f {join} CROSS JOIN core_event ev
        WHERE ev.id = %s AND {where}
        """,
        [*join_params, event_id, *params],
    )


def open_findings(*, scope: Scope, term: str) -> list[FindingRow]:
    """The term's open findings in scope, their details in words."""
    words = code_words(term=term)
    rows = (
        Finding.objects.filter(
            scope.q(county="county", school="school"), term_id=term, status=FindingStatus.OPEN
        )
        .select_related("person")
        .order_by("check_code", "person_id", "program")
    )
    return [
        FindingRow(
            check=f.check_code,
            id_number=f.person.id_number or f.person.student_no or "",
            program=f.program or None,
            school=f.school,
            county=f.county,
            detail=detail_words(f.detail, words),
        )
        for f in rows
    ]

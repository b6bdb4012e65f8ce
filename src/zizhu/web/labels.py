"""Chinese labels of the codes stored by the engine areas (their constants modules), and of
the counties, which are data (the loaded 行政区划 file)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from zizhu.aid.constants import EntitlementStatus, ExcludedBy, PublicityState
from zizhu.audit.constants import CHECK_NAMES, FindingNoteKind, FindingStatus
from zizhu.hardship.constants import HardshipLevel
from zizhu.intake.kinds import import_kinds
from zizhu.intake.values import PRESCHOOL_GRADES, YEAR_GRADES
from zizhu.payments.constants import PaymentStatus
from zizhu.registry.constants import EnrolmentStatus, Stage
from zizhu.registry.selectors import county_names
from zizhu.sources.lists import ListKind, category_labels, department_list
from zizhu.web.constants import JobStatus, Role

_LABELS: dict[str, dict[str, str]] = {
    "stage": dict(Stage.choices),
    "enrolment_status": dict(EnrolmentStatus.choices),
    "entitlement_status": dict(EntitlementStatus.choices),
    "excluded_by": dict(ExcludedBy.choices),
    "publicity_state": dict(PublicityState.choices),
    "level": dict(HardshipLevel.choices),
    "list_kind": dict(ListKind.choices),
    "role": dict(Role.choices),
    "job_status": dict(JobStatus.choices),
    "check": CHECK_NAMES,
    "finding_status": dict(FindingStatus.choices),
    "finding_note": dict(FindingNoteKind.choices),
    "payment_status": dict(PaymentStatus.choices),
}


class _RequestMemo:
    def __init__(self) -> None:
        self.counties: dict[str, str] | None = None


# The county names read once per request (LabelsMiddleware); outside a request, each time.
_MEMO: ContextVar[_RequestMemo | None] = ContextVar("zizhu_labels", default=None)


def _counties() -> dict[str, str]:
    memo = _MEMO.get()
    if memo is None:
        return county_names()
    if memo.counties is None:
        memo.counties = county_names()
    return memo.counties


def labels_of(kind: str) -> dict[str, str]:
    """Every code of a vocabulary of the table above, with its label."""
    return dict(_LABELS.get(kind, {}))


def label(kind: str, code: str | None) -> str:
    if code is None or code == "":
        return ""
    if kind == "category":  # declared with the department lists, some perhaps at run time
        return category_labels().get(code, code)
    if kind == "department":
        declared = department_list(code)
        return declared.department if declared else code
    if kind == "import_kind":  # declared by the areas, known once Django has loaded them
        found = import_kinds().get(code)
        return found.name if found else code
    if kind == "county":
        return _counties().get(code, code)
    return _LABELS.get(kind, {}).get(code, code)


class LabelsMiddleware:
    """Counties' names are read at most once per request, and never kept past it (a rename
    shows on the next page)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _MEMO.set(_RequestMemo())
        try:
            return self.get_response(request)
        finally:
            _MEMO.reset(token)


def stages_label(stages: str) -> str:
    return "、".join(label("stage", s) for s in stages.split(";") if s)


def grade_label(stage: str, grade: int | None) -> str:
    """A grade as the files write it (formats.md 年级): 中班, 三年级."""
    if grade is None:
        return ""
    words = PRESCHOOL_GRADES if stage == "PRESCHOOL" else YEAR_GRADES
    return words.get(grade, str(grade))

"""Chinese labels of the codes stored by the engine areas (their constants modules)."""

from __future__ import annotations

from zizhu.aid.constants import EntitlementStatus, ExcludedBy, PublicityState
from zizhu.audit.constants import CHECK_NAMES, FindingNoteKind, FindingStatus
from zizhu.hardship.constants import HardshipLevel
from zizhu.intake.kinds import import_kinds
from zizhu.payments.constants import PaymentStatus
from zizhu.registry.constants import ZHANJIANG_COUNTIES, EnrolmentStatus, Stage
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
    "county": ZHANJIANG_COUNTIES,
    "role": dict(Role.choices),
    "job_status": dict(JobStatus.choices),
    "check": CHECK_NAMES,
    "finding_status": dict(FindingStatus.choices),
    "finding_note": dict(FindingNoteKind.choices),
    "payment_status": dict(PaymentStatus.choices),
}


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
    return _LABELS.get(kind, {}).get(code, code)


def stages_label(stages: str) -> str:
    return "、".join(label("stage", s) for s in stages.split(";") if s)


# Grades as the files write them (formats.md 年级): 学前 by class, the others by year.
_PRESCHOOL_GRADES = {1: "小班", 2: "中班", 3: "大班"}
_YEARS = "一二三四五六"


def grade_label(stage: str, grade: int | None) -> str:
    if grade is None:
        return ""
    if stage == "PRESCHOOL":
        return _PRESCHOOL_GRADES.get(grade, str(grade))
    return f"{_YEARS[grade - 1]}年级" if 1 <= grade <= len(_YEARS) else str(grade)

"""Chinese labels of the codes stored by the engine areas (their constants modules)."""

from __future__ import annotations

from zizhu.aid.constants import EntitlementStatus
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

"""What other areas may read of registry's tables in their SQL.

`PUBLISHED_TABLES` may be named, read only, in the SQL of the areas above registry; the
conditions that say what a row means (在读 in the term) are written here once and
interpolated, never retyped. tests/architecture/test_sql_rooms.py holds every area to this.
"""

from __future__ import annotations

from zizhu.registry.constants import EnrolmentStatus, Stage

PUBLISHED_TABLES = frozenset(
    {
        "registry_city",
        "registry_enrolment",
        "registry_person",
        "registry_region",
        "registry_school",
        "registry_schoolfee",
        "registry_term",
    }
)


def enrolled(alias: str) -> str:
    """The enrolment (`registry_enrolment {alias}`) is 在读: on its term's roster with the
    status 在读. The term is the caller's to join or bind."""
    return f"{alias}.on_roster AND {alias}.status = '{EnrolmentStatus.ENROLLED}'"


def enrolled_in_term(alias: str) -> str:
    """The enrolment is 在读 in the term given as one parameter (%s), for lookups through the
    (person, term) index."""
    return f"{alias}.term_id = %s AND {enrolled(alias)}"


def enrolment_status_words(alias: str) -> str:
    """The enrolment's status in words (休学, 转出, ...; 在读 otherwise), as an expression."""
    others = " ".join(
        f"WHEN '{status}' THEN '{status.label}'"
        for status in EnrolmentStatus
        if status != EnrolmentStatus.ENROLLED
    )
    return f"CASE {alias}.status {others} ELSE '{EnrolmentStatus.ENROLLED.label}' END"


def stage_words(alias: str) -> str:
    """The enrolment's stage in words (学前, 小学, ...), as an expression."""
    named = " ".join(
        f"WHEN '{stage}' THEN '{stage.label}'" for stage in Stage if stage != Stage.HIGHER
    )
    return f"CASE {alias}.stage {named} ELSE '{Stage.HIGHER.label}' END"

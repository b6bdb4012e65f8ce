"""What other areas may read of aid's tables in their SQL, and what an entitlement's status
means there. tests/architecture/test_sql_rooms.py holds every area to this.

`PUBLISHED_TABLES` may be named, read only, by the areas above aid. aid's temporary tables
never are: the relations of a judging (`aid.services.judging_build`, dropped by
`judging_drop`) are published below as subqueries with the columns they promise, to be read
inside the transaction that built them.
"""

from __future__ import annotations

from zizhu.aid.constants import EntitlementStatus
from zizhu.core.bulk import sql_list

PUBLISHED_TABLES = frozenset({"aid_approval", "aid_catalogueversion", "aid_entitlement"})


def entitlement_approved(alias: str) -> str:
    """The entitlement is on an approved list."""
    return f"{alias}.status = '{EntitlementStatus.APPROVED}'"


def entitlement_decided(alias: str) -> str:
    """Approved, or excluded with a reason: a county has decided about it."""
    decided = sql_list(EntitlementStatus.APPROVED, EntitlementStatus.EXCLUDED)
    return f"{alias}.status IN ({decided})"


# Who qualifies under the newest catalogue in force, one row per person and program: the
# enrolment it rests on, the amount and rule, and whether it is held (在读 at two schools) or
# capped (the year's cap reached), as 1 or 0.
QUALIFYING = (
    "(SELECT person_id, program, enrolment_id, school_id, county_id, amount_fen, rule,"
    " held, capped FROM ent_pick)"
)
# The people 在读 at two schools or more in the term.
HELD_PEOPLE = "(SELECT person_id FROM ent_held)"
# Who qualifies, for how much and by which rule, under each older catalogue version an
# approved list of the term was approved under.
QUALIFYING_BY_VERSION = "(SELECT version, person_id, program, amount_fen, rule FROM ent_judge)"

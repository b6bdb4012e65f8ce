"""Each list's newest change: the moment a 公示 of that list must have begun after.

A list is one county's program for a term. Every step that changes its rows (entitle, a
school's confirmation, an exclusion, a 补录, a county sending the list back) records here,
in its own transaction, the event that changed it; reading the newest change of a list is
then one row, whatever the list's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zizhu.aid._status_sql import UNAPPROVED, WITHDRAWABLE
from zizhu.aid.models import ListChange
from zizhu.core import bulk

ListKey = tuple[str, str]  # (county, program)


def lists_changed(
    *, term: str, event_id: int, action: str, at: dt.datetime, lists: Iterable[ListKey]
) -> None:
    rows = [
        ListChange(term_id=term, county_id=county, program=program, action=action,
                   changed_at=at, event_id=event_id)
        for county, program in sorted(set(lists))
    ]  # fmt: skip
    ListChange.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["term", "county", "program"],
        update_fields=["action", "changed_at", "event"],
    )


def lists_of_event(*, term: str, event_id: int) -> set[ListKey]:
    """The lists with a row whose last change is this event."""
    rows = bulk.fetch_all(
        "SELECT DISTINCT county_id, program FROM aid_entitlement"
        " WHERE term_id = %s AND event_id = %s",
        [term, event_id],
    )
    return {(str(county), str(program)) for county, program in rows}


def lists_losing_rows(*, term: str, county: str | None = None) -> set[ListKey]:
    """For `entitle`, before it merges `ent_pick` into the lists: the lists a row will leave,
    withdrawn (nobody qualifies any more) or moved to another county's list. `county`: a
    county's own run, which writes its own rows only."""
    own = "AND a.county_id = %s" if county else ""
    own_params = [county] if county else []
    rows = bulk.fetch_all(
        f"""
        SELECT DISTINCT a.county_id, a.program FROM aid_entitlement a
        WHERE a.term_id = %s {own}
          AND a.status IN ({WITHDRAWABLE}) AND NOT a.manual
          AND NOT EXISTS (SELECT 1 FROM ent_pick p
                          WHERE p.person_id = a.person_id AND p.program = a.program)
        UNION
        SELECT DISTINCT a.county_id, a.program FROM aid_entitlement a
        JOIN ent_pick p ON p.person_id = a.person_id AND p.program = a.program
        WHERE a.term_id = %s {own}
          AND a.status IN ({UNAPPROVED})
          AND p.county_id <> a.county_id
        """,
        [term, *own_params, term, *own_params],
    )
    return {(str(county), str(program)) for county, program in rows}


def last_change(*, term: str, county: str, program: str) -> ListChange | None:
    return ListChange.objects.filter(term_id=term, county_id=county, program=program).first()

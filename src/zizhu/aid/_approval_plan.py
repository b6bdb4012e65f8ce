"""What approving a county's lists would take, list by list: the confirmed rows, the rows no
school confirmed yet (named by school), and the 公示 it would rely on. The approval page shows
it; `approve` works from the same plan inside its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum

from zizhu.aid._publicity import Verdict, publicity_verdict
from zizhu.aid.catalogue import Catalogue
from zizhu.aid.constants import APPROVABLE, EntitlementStatus
from zizhu.aid.models import Entitlement, Publicity
from zizhu.core.scope import Scope
from zizhu.core.tally import NOTHING, Tally


@dataclass(frozen=True)
class SchoolPending:
    school: str
    name: str
    count: int
    amount_fen: int


@dataclass(frozen=True)
class ListPlan:
    county: str
    county_name: str
    program: str
    program_name: str
    confirmed: Tally
    unconfirmed: Tally  # still DRAFT: no school confirmed them
    unconfirmed_schools: list[SchoolPending]
    verdict: Verdict

    @property
    def names(self) -> str:
        return f"{self.county_name}{self.program_name}"

    def taking(self, *, with_unconfirmed: bool) -> Tally:
        return self.confirmed + (self.unconfirmed if with_unconfirmed else NOTHING)


def list_plans(
    *,
    scope: Scope,
    term: str,
    program: str | None,
    policy: Catalogue,
    today: dt.date,
    given: dict[tuple[str, str], Publicity] | None = None,
) -> list[ListPlan]:
    """One plan per list of the scope's counties with rows that can be approved. `given`:
    paper 公示 given at the approval, by (county, program)."""
    pending = Entitlement.objects.filter(scope.q(), term_id=term, status__in=APPROVABLE)
    if program:
        pending = pending.filter(program=program)
    totals: dict[tuple[str, str], dict[str, Tally]] = {}
    county_names: dict[str, str] = {}
    for row in pending.values("county_id", "county__name", "program", "status").annotate(
        n=Count("id"), fen=Sum("amount_fen")
    ):
        key = (row["county_id"], row["program"])
        totals.setdefault(key, {})[row["status"]] = Tally(row["n"], int(row["fen"] or 0))
        county_names[row["county_id"]] = row["county__name"]
    schools: dict[tuple[str, str], list[SchoolPending]] = {}
    drafts = pending.filter(status=EntitlementStatus.DRAFT)
    for draft in (
        drafts.values("county_id", "program", "school_id", "school__name")
        .annotate(n=Count("id"), fen=Sum("amount_fen"))
        .order_by("county_id", "program", "-n", "school_id")
    ):
        schools.setdefault((draft["county_id"], draft["program"]), []).append(
            SchoolPending(
                draft["school_id"], draft["school__name"], draft["n"], int(draft["fen"] or 0)
            )
        )
    plans = []
    for (county, code), by_status in sorted(totals.items()):
        name = policy.program(code).name
        verdict = publicity_verdict(
            term=term, county=county, program=code, policy=policy, today=today,
            names=f"{county_names[county]}{name}", given=(given or {}).get((county, code)),
        )  # fmt: skip
        plans.append(
            ListPlan(
                county=county,
                county_name=county_names[county],
                program=code,
                program_name=name,
                confirmed=by_status.get(EntitlementStatus.CONFIRMED, NOTHING),
                unconfirmed=by_status.get(EntitlementStatus.DRAFT, NOTHING),
                unconfirmed_schools=schools.get((county, code), []),
                verdict=verdict,
            )  # fmt: skip
        )
    return plans

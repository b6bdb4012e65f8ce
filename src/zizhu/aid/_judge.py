"""What the audit judges by: who qualifies under the newest catalogue in force (`ent_pick`:
drafts, MISSED, and approved lists approved under it), and under each older version a list of
the term was approved under (`ent_judge`: an approved list is judged by its own version for
good, cli.md "Audit checks"). In the usual term every list was approved under the newest, and
ent_judge stays empty: no second pass over the term.
"""

from __future__ import annotations

from dataclasses import dataclass

from zizhu.aid._catalogue_store import catalogue_in_force, catalogue_version
from zizhu.aid._qualify import picks_build, qualifying_drop
from zizhu.aid.catalogue import Catalogue
from zizhu.aid.models import Approval
from zizhu.core import bulk
from zizhu.core.scope import Scope
from zizhu.hardship.services import hardship_compute
from zizhu.registry.selectors import term_facts


@dataclass(frozen=True)
class Judging:
    newest: Catalogue  # in force for the term today
    versions: dict[int, Catalogue]  # the versions judged by: the older ones and the newest
    identified: dict[str, int]


def judging_build(*, term: str) -> Judging:
    """Identify the term's students, then build `ent_judge` (version, person_id, program,
    amount_fen, rule) for every older version the term's approvals used, and `ent_pick` and
    `ent_held` of the newest. Call inside a transaction; `judging_drop` ends."""
    newest = catalogue_in_force(term=term)
    facts = term_facts(term)
    city = Scope.city()
    judging_drop()
    identified = hardship_compute(
        term=term, year=facts.year, reference_date=facts.reference_date.isoformat(), scope=city
    )
    used = set(
        Approval.objects.filter(term_id=term, catalogue_version__isnull=False).values_list(
            "catalogue_version__version", flat=True
        )
    )
    versions = {v: catalogue_version(version=v) for v in sorted(used - {newest.version})}
    bulk.execute(
        """
        CREATE TEMPORARY TABLE ent_judge (version INTEGER, person_id BIGINT,
            program VARCHAR(20), amount_fen BIGINT, rule VARCHAR(200))
        """
    )
    for number, policy in versions.items():
        picks_build(term=term, scope=city, catalogue=policy, fresh=False)
        bulk.execute(
            """
            INSERT INTO ent_judge (version, person_id, program, amount_fen, rule)
            SELECT %s, person_id, program, amount_fen, rule FROM ent_pick
            """,
            [number],
        )
    bulk.execute("CREATE INDEX ent_judge_key ON ent_judge (person_id, program, version)")
    bulk.analyze("ent_judge")
    # The newest last: its ent_pick stays for the checks that judge by it.
    picks_build(term=term, scope=city, catalogue=newest, fresh=False)
    versions[newest.version or 0] = newest
    return Judging(newest=newest, versions=versions, identified=identified)


def judging_drop() -> None:
    qualifying_drop()
    bulk.execute("DROP TABLE IF EXISTS ent_judge")

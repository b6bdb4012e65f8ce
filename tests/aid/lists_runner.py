"""One aid step in a process of its own, against DATABASE_URL: for tests of steps taken at
once. `python -m tests.aid.lists_runner publicity|plan|approve COUNTY [COUNT FEN]`; prints
one JSON document (a refusal as its code)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

TERM, START, TODAY = "2019-2", dt.date(2019, 9, 16), dt.date(2019, 9, 30)


def main(argv: list[str]) -> None:
    # The database was made (and migrated) by the `zizhu` commands the test ran before.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zizhu.settings")
    import django

    django.setup()
    from zizhu.aid.selectors import approval_plans
    from zizhu.aid.services import approve, publicity_record
    from zizhu.core.errors import Refused
    from zizhu.core.scope import Scope
    from zizhu.core.tally import NOTHING, Tally

    step, county = argv[0], Scope.of_county(argv[1])
    try:
        if step == "publicity":
            publicity_record(scope=county, actor="county", term=TERM, start_date=START,
                             today=START)  # fmt: skip
            print(json.dumps({"recorded": True}))
        elif step == "plan":
            plans = approval_plans(scope=county, term=TERM, program=None, today=TODAY)
            shown = sum((p.taking(with_unconfirmed=True) for p in plans), NOTHING)
            print(json.dumps({"count": shown.count, "fen": shown.amount_fen}))
        else:
            taken = approve(scope=county, actor="county", term=TERM, today=TODAY,
                            with_unconfirmed=True,
                            expected=Tally(int(argv[2]), int(argv[3])))  # fmt: skip
            print(json.dumps({"count": sum(a.count for a in taken)}))
    except Refused as refused:
        print(json.dumps({"code": str(refused.code)}))


if __name__ == "__main__":
    main(sys.argv[1:])

"""The loans area's import kind: 生源地信用助学贷款 contracts (spec/formats.md)."""

from __future__ import annotations

from zizhu.intake.kinds import ImportKind
from zizhu.loans import _loans_import as loans
from zizhu.loans._loans_check import LAYOUT

IMPORT_KINDS = (
    ImportKind(
        layout=LAYOUT,
        uploaders=frozenset({"CITY", "COUNTY"}),
        check=loans.check,
        places=loans.places,
        plan=loans.plan,
        description="县区资助中心的生源地信用助学贷款合同：按合同编号新增或更新",
    ),
)

"""The payments area's import kind: the bank's answers (银行回盘, spec/formats.md)."""

from __future__ import annotations

from zizhu.intake.kinds import ImportKind
from zizhu.payments import _returns as returns

IMPORT_KINDS = (
    ImportKind(
        layout=returns.LAYOUT,
        uploaders=frozenset({"CITY", "COUNTY"}),
        check=returns.check,
        places=returns.places,
        plan=returns.plan,
        description="银行对代发文件的回盘：逐笔成功或失败",
    ),
)

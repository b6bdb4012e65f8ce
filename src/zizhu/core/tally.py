"""What a step that changes many rows would change: how many and how much.

A page shows a step's tally before it is taken (计算名单, 确认, 审批, 生成批次); the step is
then asked with the tally the person saw, and refuses when what it finds differs: somebody
changed the rows in between, and the person agreed to something else.
"""

from __future__ import annotations

from dataclasses import dataclass

from zizhu.core.errors import Code, Refused
from zizhu.core.money import fen_to_yuan


@dataclass(frozen=True)
class Tally:
    count: int
    amount_fen: int

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.count + other.count, self.amount_fen + other.amount_fen)

    @property
    def words(self) -> str:
        return f"{self.count} 人、{fen_to_yuan(self.amount_fen)} 元"


NOTHING = Tally(0, 0)


def tally_check(*, expected: Tally | None, found: Tally) -> None:
    """Refuse when the person saw `expected` and the step finds `found` (None: not asked)."""
    if expected is not None and expected != found:
        raise Refused(
            Code.COUNTS_CHANGED,
            f"确认时看到的是 {expected.words}，现在是 {found.words}：数据已有变动，"
            "请重新查看后再确认",
        )

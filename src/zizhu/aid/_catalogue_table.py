"""Reading a catalogue's TOML tables: typed getters whose refusals name the place of the
mistake in the file (`file: programs[0].who.stages: ...`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from zizhu.core.errors import Code, Refused
from zizhu.core.money import yuan_to_fen


def bad(where: str, message: str) -> Refused:
    return Refused(Code.CATALOGUE_INVALID, f"{where}: {message}", place=where)


def money(table: Table, key: str) -> int:
    value = table.get(key)
    fen = yuan_to_fen(value) if isinstance(value, str) else None
    if fen is None:
        raise bad(
            table.at(key),
            f'金额应写成带引号的元，至多两位小数（"187.50"），现为 {value!r}',
        )
    return fen


class Table:
    """A TOML table with typed getters whose errors name the place in the file."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise bad(where, "应为一个表（table）")
        self.data: dict[str, Any] = data
        self.where = where

    def at(self, key: str) -> str:
        # The top table's place is "file: ", a nested one's "file: programs[0]".
        return f"{self.where}{key}" if self.where.endswith(": ") else f"{self.where}.{key}"

    def allow(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                raise bad(self.at(key), f"未知的键（可用：{'、'.join(keys)}）")

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def table(self, key: str) -> Table:
        return Table(self.data.get(key, {}), self.at(key))

    def entries(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise bad(self.at(key), "应为列表")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise bad(self.at(key), "应为非空文字")
        return value.strip()

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        values = self.entries(key, required=required)
        if not all(isinstance(v, str) for v in values):
            raise bad(self.at(key), "应为文字列表")
        return values

    def choices(self, key: str, allowed: tuple[str, ...]) -> list[str]:
        values = self.strings(key)
        for value in values:
            if value not in allowed:
                raise bad(self.at(key), f"未知的值 {value!r}（可用：{'、'.join(allowed)}）")
        return values

    def digits(self, key: str) -> list[str]:
        values = self.strings(key)
        if not all(v.isdigit() and len(v) <= 6 for v in values):
            raise bad(self.at(key), "应为至多6位的数字代码")
        return values

    def grades(self, key: str) -> list[int]:
        values = self.entries(key)
        if not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 6 for v in values):
            raise bad(self.at(key), "应为 1 到 6 的整数列表")
        return values

    def integer(self, key: str, *, default: int) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad(self.at(key), "应为整数")
        return value

    def percent(self, key: str) -> Decimal:
        """A share in percent: an integer, or a number with at most 2 decimals (12.5)."""
        value = self.data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad(self.at(key), "应为 0 到 100 的百分数")
        try:
            share = Decimal(str(value))
        except InvalidOperation as exc:
            raise bad(self.at(key), f"应为 0 到 100 的百分数，现为 {value!r}") from exc
        if (
            not share.is_finite()
            or not 0 <= share <= 100
            or share != share.quantize(Decimal("0.01"))
        ):
            raise bad(self.at(key), f"应为 0 到 100 的百分数，至多两位小数，现为 {value!r}")
        return share

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise bad(self.at(key), "应为 true 或 false")
        return value

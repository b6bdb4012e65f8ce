"""What an imported file must look like: its sheet name and its columns (spec/formats.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str  # the exact Chinese header
    field: str  # the name used in code
    required: bool = False
    id_number: bool = False  # an ID number: a lowercase x at its end is made X


@dataclass(frozen=True)
class Layout:
    kind: str  # the `zizhu import` KIND
    sheet: str  # the template's sheet name
    columns: tuple[Column, ...]

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]

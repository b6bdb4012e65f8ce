"""Blank templates for each import kind: the exact headers and sheet name of its layout
(spec/formats.md), read from the kind's declaration."""

from __future__ import annotations

import io

import xlsxwriter

from zizhu.intake.kinds import ImportKind


def template_xlsx(kind: ImportKind) -> bytes:
    """An .xlsx with one sheet named as the template, the header row, and every column
    formatted as text (ID numbers and codes must never become numbers)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(kind.name)
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "num_format": "@"})
    for column, header in enumerate(c.header for c in kind.layout.columns):
        sheet.set_column(column, column, max(12, 2 * len(header) + 4), text)
        sheet.write_string(0, column, header, bold)
    workbook.close()
    return buffer.getvalue()

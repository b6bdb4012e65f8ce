"""The payments area's writes: batches and bank files (bank returns are an import: kinds.py)."""

from zizhu.payments._export import (
    BatchExport,
    ExportResult,
    Unpayable,
    pay_export,
)

__all__ = [
    "BatchExport",
    "ExportResult",
    "Unpayable",
    "pay_export",
]

"""The payments area's writes: payment batches and bank files, and the bank's returns."""

from zizhu.payments._export import (
    BatchExport,
    ExportResult,
    Unpayable,
    pay_export,
)
from zizhu.payments._returns import returns_import

__all__ = [
    "BatchExport",
    "ExportResult",
    "Unpayable",
    "pay_export",
    "returns_import",
]

"""City-scale benchmarks (`zizhu bench`)."""

from zizhu.bench.imports import run_import_benchmark

__all__ = ["run_import_benchmark"]

"""The hardship area's writes: identification for a term, and name-mismatch review."""

from zizhu.hardship._compute import hardship_compute
from zizhu.hardship._confirm import name_mismatch_confirm

__all__ = ["hardship_compute", "name_mismatch_confirm"]

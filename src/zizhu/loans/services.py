"""The loans area's writes: the import of 生源地信用助学贷款 contracts."""

from zizhu.loans._loans_import import loans_import

__all__ = ["loans_import"]

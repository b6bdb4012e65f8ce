"""The registry's writes: imports of schools and student rosters, a payee account correction."""

from zizhu.registry._account import payee_account_change
from zizhu.registry._accounts_bulk import payee_accounts_correct
from zizhu.registry._schools_import import schools_import
from zizhu.registry._students_import import students_import

__all__ = [
    "payee_account_change",
    "payee_accounts_correct",
    "schools_import",
    "students_import",
]

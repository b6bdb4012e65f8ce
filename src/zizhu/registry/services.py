"""The registry's writes besides its imports (registry/kinds.py): payee account corrections."""

from zizhu.registry._account import payee_account_change
from zizhu.registry._accounts_bulk import payee_accounts_correct

__all__ = [
    "payee_account_change",
    "payee_accounts_correct",
]

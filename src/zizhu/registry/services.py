"""The registry's writes besides its imports (registry/kinds.py): payee account corrections."""

from zizhu.registry._account import PayeeCorrection, payee_account_change, payee_account_check
from zizhu.registry._accounts_bulk import payee_accounts_correct

__all__ = [
    "PayeeCorrection",
    "payee_account_change",
    "payee_account_check",
    "payee_accounts_correct",
]

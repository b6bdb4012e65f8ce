"""The registry's writes besides its imports (registry/kinds.py): the city and its counties,
terms (through aid.services.term_add), payee account corrections."""

from zizhu.registry._account import PayeeCorrection, payee_account_change, payee_account_check
from zizhu.registry._accounts_bulk import payee_accounts_correct
from zizhu.registry._regions import RegionLoad, region_load
from zizhu.registry._terms import term_write

__all__ = [
    "PayeeCorrection",
    "RegionLoad",
    "payee_account_change",
    "payee_account_check",
    "payee_accounts_correct",
    "region_load",
    "term_write",
]

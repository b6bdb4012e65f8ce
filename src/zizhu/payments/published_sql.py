"""What other areas may read of payments' tables in their SQL (read only), and what a
payment's status means. tests/architecture/test_sql_rooms.py holds every area to this."""

from __future__ import annotations

from zizhu.payments.constants import PaymentStatus

PUBLISHED_TABLES = frozenset({"payments_payment", "payments_paymentbatch"})


def payment_succeeded(alias: str) -> str:
    """The bank paid it."""
    return f"{alias}.status = '{PaymentStatus.SUCCEEDED}'"


def payment_failed(alias: str) -> str:
    """The bank returned it unpaid."""
    return f"{alias}.status = '{PaymentStatus.FAILED}'"

"""PostgreSQL: the payment's foreign keys checked once per statement of the pay export and the
bank's returns instead of once per row (zizhu.core.keys)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial"), ("aid", "0004_entitlement_statement_keys")]

    operations = [
        StatementKeys(
            "payments_payment",
            [
                Key("batch_id", "payments_paymentbatch"),
                Key("entitlement_id", "aid_entitlement"),
                Key("answer_event_id", "core_event"),
            ],
        ),  # fmt: skip
    ]

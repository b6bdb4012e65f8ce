"""PostgreSQL: the UPDATE checks of the keys made in 0002_payment_statement_keys look a parent up only
for a key the statement changed (zizhu.core.keys.update_check_sql)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeysUpdateCheck


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_payment_statement_keys")]

    operations = [
        StatementKeysUpdateCheck(
            "payments_payment",
            [
                Key("batch_id", "payments_paymentbatch"),
                Key("entitlement_id", "aid_entitlement"),
                Key("answer_event_id", "core_event"),
            ],
        ),  # fmt: skip
    ]

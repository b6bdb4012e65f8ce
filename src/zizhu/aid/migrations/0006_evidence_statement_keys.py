"""PostgreSQL: the approval evidence's foreign keys checked once per statement instead of once
per row at COMMIT (zizhu.core.keys): approving a city's term writes about 200,000 of them."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [("aid", "0005_entitlement_update_check"), ("sources", "0004_update_check")]

    operations = [
        StatementKeys(
            "aid_entitlementevidence",
            [
                Key("entitlement_id", "aid_entitlement"),
                Key("source_record_id", "sources_sourcerecord"),
            ],
        ),  # fmt: skip
    ]

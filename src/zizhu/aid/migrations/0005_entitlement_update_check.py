"""PostgreSQL: the UPDATE checks of the keys made in 0004_entitlement_statement_keys look a parent up only
for a key the statement changed (zizhu.core.keys.update_check_sql)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeysUpdateCheck


class Migration(migrations.Migration):
    dependencies = [("aid", "0004_entitlement_statement_keys")]

    operations = [
        StatementKeysUpdateCheck(
            "aid_entitlement",
            [
                Key("term_id", "registry_term", "code"),
                Key("person_id", "registry_person"),
                Key("enrolment_id", "registry_enrolment"),
                Key("school_id", "registry_school", "code"),
                Key("county_id", "registry_region", "code"),
                Key("approval_id", "aid_approval"),
                Key("event_id", "core_event"),
            ],
        ),  # fmt: skip
    ]

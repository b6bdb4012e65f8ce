"""PostgreSQL: the UPDATE checks of the keys made in 0012_enrolment_statement_keys look a parent up only
for a key the statement changed (zizhu.core.keys.update_check_sql)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeysUpdateCheck


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_enrolment_statement_keys")]

    operations = [
        StatementKeysUpdateCheck(
            "registry_enrolment",
            [
                Key("term_id", "registry_term", "code"),
                Key("school_id", "registry_school", "code"),
                Key("person_id", "registry_person"),
                Key("admin_county_id", "registry_region", "code"),
                Key("event_id", "core_event"),
            ],
        ),  # fmt: skip
    ]

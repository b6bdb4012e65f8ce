"""PostgreSQL: the entitlement's foreign keys checked once per statement of entitle and
approval instead of once per row (zizhu.core.keys)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [("aid", "0003_catalogue_versions"), ("hardship", "0003_statement_keys")]

    operations = [
        StatementKeys(
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

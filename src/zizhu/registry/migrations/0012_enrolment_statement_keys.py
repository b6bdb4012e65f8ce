"""PostgreSQL: the enrolment's five foreign keys checked once per roster statement instead of
once per row (zizhu.core.keys): they were 55% of the enrolment insert at a city's scale."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_person_codes_binary"), ("core", "0002_event_append_only")]

    operations = [
        StatementKeys(
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

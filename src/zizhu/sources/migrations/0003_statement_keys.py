"""PostgreSQL: the list records' and 认定 rows' foreign keys checked once per import statement
instead of once per row (zizhu.core.keys)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_list_kind_from_declarations"), ("registry", "0012_enrolment_statement_keys"),
    ]  # fmt: skip

    operations = [
        StatementKeys("sources_sourcerecord", [Key("source_list_id", "sources_sourcelist")]),
        StatementKeys(
            "sources_hardshipassessment",
            [
                Key("term_id", "registry_term", "code"),
                Key("school_id", "registry_school", "code"),
                Key("person_id", "registry_person"),
                Key("event_id", "core_event"),
            ],
        ),  # fmt: skip
    ]

"""PostgreSQL: the hardship levels' and categories' foreign keys checked once per statement of
entitle instead of once per row (zizhu.core.keys)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeys


class Migration(migrations.Migration):
    dependencies = [
        ("hardship", "0002_category_from_list_declarations"), ("sources", "0003_statement_keys"),
    ]  # fmt: skip

    operations = [
        StatementKeys(
            "hardship_studenthardship",
            [
                Key("term_id", "registry_term", "code"),
                Key("person_id", "registry_person"),
            ],
        ),  # fmt: skip
        StatementKeys(
            "hardship_studentcategory",
            [
                Key("term_id", "registry_term", "code"),
                Key("person_id", "registry_person"),
                Key("source_record_id", "sources_sourcerecord"),
            ],
        ),  # fmt: skip
    ]

"""PostgreSQL: the UPDATE checks of the keys made in 0003_statement_keys look a parent up only
for a key the statement changed (zizhu.core.keys.update_check_sql)."""

from django.db import migrations

from zizhu.core.keys import Key, StatementKeysUpdateCheck


class Migration(migrations.Migration):
    dependencies = [("hardship", "0003_statement_keys")]

    operations = [
        StatementKeysUpdateCheck(
            "hardship_studenthardship",
            [
                Key("term_id", "registry_term", "code"),
                Key("person_id", "registry_person"),
            ],
        ),  # fmt: skip
        StatementKeysUpdateCheck(
            "hardship_studentcategory",
            [
                Key("term_id", "registry_term", "code"),
                Key("person_id", "registry_person"),
                Key("source_record_id", "sources_sourcerecord"),
            ],
        ),  # fmt: skip
    ]

"""Indexes for the student search, which matches the beginning of a name, an ID number or a
学籍号. SQLite searches a prefix as a range (name >= '李' and below '李' + the last code point), which
its ordinary indexes serve; the unique indexes already cover the two numbers. PostgreSQL
searches with LIKE 'prefix%', which only `varchar_pattern_ops` indexes serve whatever the
database's collation, so it gets one for each of the three columns."""

from django.db import migrations

SQLITE = [("person_name_search", "name")]
POSTGRESQL = [
    ("person_name_search", "name"),
    ("person_id_number_search", "id_number"),
    ("person_student_no_search", "student_no"),
]


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, column in POSTGRESQL if vendor == "postgresql" else SQLITE:
        ops = " varchar_pattern_ops" if vendor == "postgresql" else ""
        schema_editor.execute(f'CREATE INDEX "{name}" ON "registry_person" ("{column}"{ops})')


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, _ in POSTGRESQL if vendor == "postgresql" else SQLITE:
        schema_editor.execute(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_enrolment_account_term")]

    operations = [migrations.RunPython(_create, _drop)]

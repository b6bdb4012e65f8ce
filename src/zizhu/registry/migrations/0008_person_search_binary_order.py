"""The student search on PostgreSQL, as on SQLite: a prefix is a range in binary order, and the
results come in that order. 0006 gave PostgreSQL `varchar_pattern_ops` indexes, which serve
LIKE 'prefix%' but cannot give the rows in order: the planner then read every match of a
common surname (李: one person in twelve) and sorted them, or walked the people in id order,
500 ms to 1 s a search. Indexes in the "C" collation serve both the range and the order, and
a page of 50 is read off the index. SQLite's ordinary indexes already do (0006)."""

from django.db import migrations

COLUMNS = [
    ("person_name_search", "name"),
    ("person_id_number_search", "id_number"),
    ("person_student_no_search", "student_no"),
]


def _recreate(schema_editor, how: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX "{name}"')
        schema_editor.execute(f'CREATE INDEX "{name}" ON "registry_person" ("{column}" {how})')


def _binary_order(apps, schema_editor):
    _recreate(schema_editor, 'COLLATE "C"')


def _pattern_ops(apps, schema_editor):
    _recreate(schema_editor, "varchar_pattern_ops")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_enrolment_person_scope")]

    operations = [migrations.RunPython(_binary_order, _pattern_ops)]

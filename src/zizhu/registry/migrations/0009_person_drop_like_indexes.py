"""PostgreSQL: drop the `varchar_pattern_ops` indexes Django made for the person's unique ID
number and 学籍号. They serve LIKE only, and since 0008 no query matches these columns with
LIKE: equality uses the unique indexes, the search its "C" collation ones. Each index costs
every person a roster import creates (8 indexes were written per person, 6 now).
Django drops such an index with IF EXISTS when the field changes, so their absence is safe."""

from django.db import migrations

LIKE_INDEXES = [
    ("registry_person_id_number_91906e7b_like", "id_number"),
    ("registry_person_student_no_5db6e5bf_like", "student_no"),
]


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _ in LIKE_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in LIKE_INDEXES:
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "registry_person" ("{column}" varchar_pattern_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_person_search_binary_order")]

    operations = [migrations.RunPython(_drop, _create)]

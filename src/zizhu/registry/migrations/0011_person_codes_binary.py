"""PostgreSQL: the ID number and 学籍号 columns in the "C" collation, and the two search indexes
of 0008 on them dropped. They are codes (digits and a capital X, J or L), compared byte by
byte; in "C" their unique indexes serve equality, the search's prefix range and its order at
once, so the copies 0008 made in "C" beside them were written for every person a roster creates
and read by nothing the unique ones could not serve (the roster's person insert keeps 4 indexes
instead of 6). The name keeps its own "C" index: names are not codes and stay in the database's
collation. SQLite compares text in binary order already and has neither index to drop."""

from django.db import migrations

COLUMNS = [
    ("person_id_number_search", "id_number", 18),
    ("person_student_no_search", "student_no", 19),
]


def _codes_binary(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column, length in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')
        schema_editor.execute(
            f'ALTER TABLE "registry_person" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"'
        )


def _codes_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column, length in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE "registry_person" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "default"'
        )
        schema_editor.execute(
            f'CREATE INDEX "{index}" ON "registry_person" ("{column}" COLLATE "C")'
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_city")]

    operations = [migrations.RunPython(_codes_binary, _codes_default)]

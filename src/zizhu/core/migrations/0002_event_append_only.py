"""Make the audit trail append-only in the database itself: no UPDATE, no DELETE."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER core_event_no_update BEFORE UPDATE ON core_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER core_event_no_delete BEFORE DELETE ON core_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
POSTGRES = [
    "CREATE FUNCTION core_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$",
    "CREATE TRIGGER core_event_no_change BEFORE UPDATE OR DELETE ON core_event "
    "FOR EACH ROW EXECUTE FUNCTION core_event_refuse()",
    "CREATE TRIGGER core_event_no_truncate BEFORE TRUNCATE ON core_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION core_event_refuse()",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

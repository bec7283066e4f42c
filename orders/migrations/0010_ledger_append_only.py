"""The ledger and the inspections it pays for are append-only in the database too: on
PostgreSQL a trigger refuses every UPDATE and DELETE of their rows, whoever sends it (the ORM
already refuses them for ledger entries; raw SQL, a shell or another program did not).

One UPDATE is let through: one that only clears the columns named to the trigger, which is
what Django's ``on_delete=SET_NULL`` does when the account that recorded an entry, or an
inspection's photo, is deleted. The money, its kind, whose it is and when it was recorded
stay as they were.

TRUNCATE fires no row trigger, and none is added for it: the test suite's flush truncates
every table between transactional tests.

SQLite gets no trigger: its test flush is ``DELETE FROM`` every table, which a DELETE trigger
would abort, and Django rebuilds an SQLite table (dropping its triggers) whenever a field of
it changes. There the models' own guards stand alone.

A later migration that must rewrite ledger or inspection rows (a change of unit, say) wraps
its UPDATE in ``ALTER TABLE … DISABLE TRIGGER …`` / ``ENABLE TRIGGER …``, which only the
tables' owner may run.
"""

from django.db import migrations

FUNCTION = "orders_append_only"
# Model → the columns an UPDATE may clear (each a nullable ForeignKey with SET_NULL).
APPEND_ONLY = {
    "ledgerentry": ["created_by"],
    "inspection": ["photo", "inspected_by"],
}

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb := to_jsonb(NEW);
BEGIN
    -- TG_ARGV: the columns an UPDATE may set to NULL when nothing else changes.
    IF TG_OP = 'UPDATE'
        AND new_row - TG_ARGV = old_row - TG_ARGV
        AND NOT EXISTS (
            SELECT FROM unnest(TG_ARGV) AS cleared
            WHERE new_row -> cleared <> 'null'::jsonb
              AND new_row -> cleared IS DISTINCT FROM old_row -> cleared
        )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % of row % refused', TG_TABLE_NAME, TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation';
END
$$
"""  # noqa: S608 - no input in it, only the function's own name


def _trigger(table: str) -> str:
    return f"{table}_append_only"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    # No parameters: psycopg would read the function's own "%" as placeholders.
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for name, clearable in APPEND_ONLY.items():
        meta = apps.get_model("orders", name)._meta
        columns = ", ".join(f"'{meta.get_field(field).column}'" for field in clearable)
        schema_editor.execute(
            f"CREATE TRIGGER {quote(_trigger(meta.db_table))} "
            f"BEFORE UPDATE OR DELETE ON {quote(meta.db_table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({columns})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name in APPEND_ONLY:
        table = apps.get_model("orders", name)._meta.db_table
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(_trigger(table))} ON {quote(table)}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0009_membership_invitation"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]

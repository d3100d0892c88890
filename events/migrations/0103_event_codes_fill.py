"""Existing events take the CAMEO code, PLOVER family and mode of their type.

One UPDATE ... FROM over the whole table (PostgreSQL, and SQLite from 3.33):
a record of millions of events is filled in one statement, not row by row.
Events that already carry their own codes are left alone.
"""
from django.db import migrations


def event_codes_fill(apps, schema_editor) -> int:
    """Fill every event whose family is blank from its type; return the number of rows updated."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    event = quote(apps.get_model("events", "Event")._meta.db_table)
    kind = quote(apps.get_model("events", "EventType")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {event} SET cameo = t.cameo, plover = t.plover, plover_mode = t.plover_mode "
            f"FROM {kind} AS t WHERE {event}.type_id = t.id AND {event}.plover = ''"
        )
        return cursor.rowcount


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0102_event_codes"),
    ]

    operations = [migrations.RunPython(event_codes_fill, migrations.RunPython.noop)]

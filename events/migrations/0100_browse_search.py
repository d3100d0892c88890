"""Full-text search over event summaries for the timeline's `q` filter.

A GIN index on the same expression the filter writes
(events.selectors.timeline.SummaryMatches): to_tsvector('english', summary).
PostgreSQL only; on SQLite (the demo) the filter falls back to icontains and
this migration does nothing. Not a model Meta index because Django's
SearchVector would wrap the column in COALESCE and no longer match it.
"""
from django.db import migrations

INDEX = "event_summary_fts"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event "
            "USING gin (to_tsvector('english'::regconfig, summary))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0004_api_tokens")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

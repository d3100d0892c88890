"""Indexes for the analysts' pages at a million events (PostgreSQL only; on
SQLite, the demo, this migration does nothing and search falls back to icontains).

- event_summary_fts: GIN over to_tsvector('english', summary), the very
  expression the timeline's `q` filter writes (events.selectors.timeline.
  SummaryMatches). Not a model Meta index: Django's SearchVector wraps the
  column in COALESCE and would no longer match it.
- event_updated_at: the record's stamp (max(updated_at)) that keys the cached
  aggregates in one index read; it also serves the API's `updated_since`.
- event_id_cover: (id) INCLUDE (status, date, type_id), so a pair's chart,
  which looks up tens of thousands of events by id for their date and type,
  reads the index alone.
Created with IF NOT EXISTS so that a database indexed by hand migrates cleanly.
"""
from django.db import migrations

INDEXES = {
    "event_summary_fts": "ON events_event USING gin (to_tsvector('english'::regconfig, summary))",
    "event_updated_at": "ON events_event (updated_at)",
    "event_id_cover": "ON events_event (id) INCLUDE (status, date, type_id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0004_api_tokens")]
    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]

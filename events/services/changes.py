"""The change feed: every change to the public record, appended by the writer's
own transaction, in commit order.

A plain `id > cursor` feed skips rows whose transaction commits after a later
id's: the id is drawn at insert, not at commit. Here each writer takes one
transaction-level advisory lock just before it inserts its change row and keeps
it until commit, so change rows get their ids in commit order. The lock is held
only from the change row to the end of the transaction; services record their
change last. (SQLite allows one writer at a time, which gives the same order.)"""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Prefetch

from ..models import Event, EventChange, Evidence, Participant

FEED_LOCK = 0x6576656E7473  # any constant shared by all writers of the feed


def events_for_payload():
    """Events with everything their public representation shows, in a fixed number of queries."""
    return Event.objects.select_related("type", "merged_into").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("actor", "country").order_by("side", "id")),
        # the article's text can be megabytes: a source needs its title and link only
        Prefetch("evidence", queryset=Evidence.objects.select_related("article", "article__outlet")
                 .defer("article__text").order_by("id")),
    )


def event_payload(event: Event) -> dict:
    """The public representation of an event: exactly what the API's event detail shows."""
    from ..api.serializers import EventSerializer

    return dict(EventSerializer(event).data)


def change_record(*, event_id: int, kind: str, merged_into_id: int | None = None) -> EventChange:
    """Append a change of one event to the feed, with the event as it is now.

    Must run inside the transaction that changed the event, as its last write:
    it takes the feed lock, which the transaction keeps until it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("change_record must run inside the writer's transaction")
    event = events_for_payload().get(pk=event_id)
    payload = event_payload(event)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])
    return EventChange.objects.create(event=event, kind=kind, revision=event.revision,
                                      merged_into_id=merged_into_id, payload=payload)


def cursor_encode(change: EventChange) -> str:
    return str(change.pk)


def cursor_decode(cursor: str | None) -> int:
    """The id a cursor stands for; raises ValueError with a message on anything else."""
    if not cursor:
        return 0
    if not cursor.isdigit():
        raise ValueError(f"not a change-feed cursor: {cursor[:40]!r}; use the `next` value of a previous page")
    return int(cursor)


def changes_after(*, cursor: str | None, limit: int) -> list[EventChange]:
    """Up to `limit` changes after `cursor`, oldest first."""
    return list(EventChange.objects.filter(id__gt=cursor_decode(cursor)).select_related(None).order_by("id")[:limit])

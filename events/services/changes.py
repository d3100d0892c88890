"""The change feed: every change to the public record, appended by the writer's
own transaction, served in an order that never lets a late commit slip behind a
consumer's cursor (see EventChange)."""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.db.models.expressions import RawSQL

from ..models import Event, EventChange, Evidence, Participant

PG_TXID = "pg_current_xact_id()::text::bigint"
PG_HORIZON = "txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def events_for_payload():
    """Events with everything their public representation shows, in a fixed number of queries."""
    return Event.objects.select_related("type", "merged_into").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("actor", "country").order_by("side", "id")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("article", "article__outlet").order_by("id")),
    )


def event_payload(event: Event) -> dict:
    """The public representation of an event: exactly what the API's event detail shows."""
    from ..api.serializers import EventSerializer

    return dict(EventSerializer(event).data)


def change_record(*, event_id: int, kind: str, merged_into_id: int | None = None) -> EventChange:
    """Append a change of one event to the feed, with the event as it is now.

    Must run inside the transaction that changed the event, after the change:
    the feed row then commits (or rolls back) with it and carries its txid."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("change_record must run inside the writer's transaction")
    event = events_for_payload().get(pk=event_id)
    extra = {"txid": RawSQL(PG_TXID, [])} if connection.vendor == "postgresql" else {}
    change = EventChange.objects.create(event=event, kind=kind, revision=event.revision,
                                        merged_into_id=merged_into_id, payload=event_payload(event), **extra)
    return change


def cursor_encode(change: EventChange) -> str:
    return f"{change.txid or 0}-{change.pk}"


def cursor_decode(cursor: str | None) -> tuple[int, int]:
    """'txid-id' as issued by the feed; raises ValueError with a message on anything else."""
    if not cursor:
        return (-1, 0)
    try:
        txid, pk = (int(part) for part in cursor.split("-"))
    except ValueError:
        raise ValueError(f"not a change-feed cursor: {cursor[:40]!r}; use the `next` value of a previous page")
    return txid, pk


def changes_after(*, cursor: str | None, limit: int) -> tuple[list[EventChange], str | None]:
    """Up to `limit` changes after `cursor`, in feed order, and the cursor to ask with next.

    On PostgreSQL only changes of transactions older than every running one are
    served: any change that is still to commit will sort after them."""
    txid, pk = cursor_decode(cursor)
    rows = EventChange.objects.order_by("txid", "id")
    if connection.vendor == "postgresql":
        rows = rows.filter(Q(txid__gt=txid) | Q(txid=txid, id__gt=pk)).extra(where=[PG_HORIZON])
    else:
        rows = rows.filter(id__gt=pk)
    page = list(rows[:limit])
    return page, (cursor_encode(page[-1]) if page else cursor)

"""Events for the bulk exports, read as plain values in chunks.

Building model instances costs about 14 objects and two related managers an
event; an export of a million events reads rows instead: the events of a chunk,
then their participants and sources in one query each, assembled into the same
representation as the API (events.api.serializers.event_representation)."""
from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace

from django.db.models import QuerySet

from ..models import EventType, Evidence, Participant
from .serializers import (
    codes_representation, event_representation, participant_representation, source_representation, type_representation,
)

EVENT_FIELDS = ("id", "status", "revision", "summary", "type_id", "cameo", "plover", "plover_mode", "date", "date_min",
                "date_max", "date_precision", "location", "confidence", "merged_into_id", "updated_at")
PARTICIPANT_FIELDS = ("event_id", "side", "text", "actor__name", "actor__code", "actor__slug", "country__code",
                      "country__name")
SOURCE_FIELDS = ("event_id", "article_id", "article__url", "article__title", "article__outlet__name",
                 "article__published_at", "quote", "quote_start", "quote_end")


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _by_event(queryset, fields: tuple[str, ...], ids: list[int], build) -> dict[int, list[dict]]:
    """Rows of `queryset` for these events, grouped by event in the queryset's own order
    (the order the event detail prefetches them in)."""
    found = defaultdict(list)
    for row in queryset.filter(event_id__in=ids).values_list(*fields):
        found[row[0]].append(build(*row[1:]))
    return found


def event_rows(queryset: QuerySet, *, chunk: int = 2000) -> Iterator[dict]:
    """The API representation of every event of `queryset`, newest first, in constant memory."""
    types = {t.pk: t for t in EventType.objects.all()}
    kinds = {pk: type_representation(t) for pk, t in types.items()}
    rows = queryset.order_by("-date", "-id").values_list(*EVENT_FIELDS).iterator(chunk_size=chunk)
    for block in _chunks(rows, chunk):
        ids = [row[0] for row in block]
        people = _by_event(Participant.objects.order_by("side", "id"), PARTICIPANT_FIELDS, ids, lambda *v: participant_representation(
            side=v[0], text=v[1], actor_name=v[2], actor_code=v[3], actor_slug=v[4], country_code=v[5], country_name=v[6]))
        sources = _by_event(Evidence.objects.order_by("id"), SOURCE_FIELDS, ids, lambda *v: source_representation(
            article_id=v[0], url=v[1], title=v[2], outlet=v[3], published_at=v[4], quote=v[5], quote_start=v[6],
            quote_end=v[7]))
        for row in block:
            event = SimpleNamespace(**dict(zip(EVENT_FIELDS, row)), pk=row[0])
            codes = codes_representation(cameo=event.cameo, plover=event.plover, plover_mode=event.plover_mode,
                                         kind=types[event.type_id])
            yield event_representation(event, kind=kinds[event.type_id], codes=codes,
                                       participants=people.get(event.pk, []), sources=sources.get(event.pk, []))

"""The filtered timeline as CSV rows, for the timeline's download button."""
import csv
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet

from ..api.serializers import event_codes
from ..models import Event
from ..selectors.timeline import newest_first

# A browser download holds a web worker for as long as it streams; bigger
# extracts are the API's bulk export. The response says the limit in a header.
EXPORT_MAX_ROWS = 100_000
COLUMNS = ["id", "url", "date", "date_min", "date_max", "date_precision", "type", "family", "cameo", "goldstein",
           "summary", "source", "target", "participants", "countries", "sources"]


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _side(event: Event, side: str) -> str:
    return "; ".join(
        (p.actor.name if p.actor_id else p.country.name) for p in event.participants.all() if p.side == side)


def export_rows(queryset: QuerySet[Event], *, limit: int | None = EXPORT_MAX_ROWS) -> Iterator[str]:
    """CSV lines (header first) for the newest `limit` events of `queryset` (all with None:
    the API's bulk export). `queryset` comes from event_timeline() (it needs `source_count`).

    Reads in chunks of 2,000 with their participants prefetched per chunk, so
    memory stays flat and the query count grows by two per chunk, not per row.
    """
    writer = csv.writer(_Echo())
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    yield writer.writerow(COLUMNS)
    rows = newest_first(queryset)
    for event in (rows[:limit] if limit else rows).iterator(chunk_size=2000):
        codes = sorted({p.country.code for p in event.participants.all() if p.country_id})
        own = event_codes(event)
        yield writer.writerow([
            event.pk, f"{site}/events/{event.pk}/", event.date, event.date_min, event.date_max, event.date_precision,
            event.type.slug, own["plover"], own["cameo"], event.type.goldstein, _cell(event.summary),
            _cell(_side(event, "source")), _cell(_side(event, "target")), _cell(_side(event, "participant")),
            " ".join(codes), event.source_count,
        ])

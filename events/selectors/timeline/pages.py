"""Newest-first timeline pages by keyset, and the visual timeline's items and lanes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from ...models import Event, Participant
from .filters import newest_first


# --- keyset pagination ---------------------------------------------------------

@dataclass
class TimelinePage:
    events: list[Event]
    newer: str | None  # cursor of the page before this one (?after=), None on the newest page
    older: str | None  # cursor of the page after this one (?before=), None on the oldest page

    def __iter__(self):
        return iter(self.events)


def cursor_of(event: Event) -> str:
    return f"{event.date.isoformat()}.{event.pk}"


def cursor_parse(cursor: str) -> tuple[dt.date, int]:
    try:
        day, pk = cursor.split(".", 1)
        return dt.date.fromisoformat(day), int(pk)
    except ValueError:
        raise ValidationError("A page cursor looks like 2021-11-28.1234.") from None


def timeline_page(queryset: QuerySet[Event], *, before: str | None = None, after: str | None = None,
                  size: int = 50) -> TimelinePage:
    """One page of a newest-first timeline, by keyset on (date, id).

    A page deep in the past costs what the first page costs: the query seeks
    the (status, date, id) index at the cursor instead of counting past every
    newer row, and no page runs COUNT(*) over the record.
    """
    if after:
        day, pk = cursor_parse(after)
        # `date >= d AND NOT (date = d AND id <= pk)` keeps an index range on date;
        # the row-comparison OR form would not.
        rows = list(newest_first(queryset.filter(date__gte=day).exclude(date=day, pk__lte=pk), reverse=True)[:size + 1])
        more_newer = len(rows) > size
        events = rows[:size][::-1]
        return TimelinePage(events, cursor_of(events[0]) if more_newer else None,
                            cursor_of(events[-1]) if events else None)
    if before:
        day, pk = cursor_parse(before)
        queryset = queryset.filter(date__lte=day).exclude(date=day, pk__gte=pk)
    rows = list(newest_first(queryset)[:size + 1])
    events = rows[:size]
    newer = cursor_of(events[0]) if before and events else None
    return TimelinePage(events, newer, cursor_of(events[-1]) if len(rows) > size else None)


# --- the visual timeline ---------------------------------------------------------

def _lanes_of(countries: dict[str, str], by: str) -> list[tuple[str, str]]:
    """(lane id, label) for an event whose countries are {code: name}: one per country, or its pair."""
    if by == "country":
        return sorted(countries.items()) or [("~org", "Organisations")]
    codes = sorted(countries)
    if len(codes) == 2:
        return [("–".join(codes), " – ".join(countries[c] for c in codes))]
    if len(codes) == 1:
        return [(codes[0], countries[codes[0]])]
    return [("~multi", "Several countries")] if codes else [("~org", "Organisations")]


def _latest_ids(queryset: QuerySet[Event], count: int) -> list[tuple[int, dt.date]]:
    return list(newest_first(queryset).values_list("pk", "date")[:count])


def _spread(queryset: QuerySet[Event], start: dt.date, end: dt.date, limit: int, slices: int) -> list[int]:
    """Ids of up to `limit` events spread over start..end: the latest of each of
    `slices` equal spans, one index seek each."""
    step = max((end - start).days // slices + 1, 1)
    ids, edge = [], end
    while edge >= start:
        low = max(edge - dt.timedelta(days=step - 1), start)
        ids += [pk for pk, _ in _latest_ids(queryset.filter(date__gte=low, date__lte=edge), max(limit // slices, 1))]
        edge = low - dt.timedelta(days=1)
    return ids


def timeline_items(queryset: QuerySet[Event], *, start: dt.date | None = None, end: dt.date | None = None,
                   lanes: str = "pair", limit: int = 500, max_lanes: int = 12, slices: int = 20) -> dict:
    """Events between `start` and `end` as vis-timeline items and groups (lanes).

    Up to `limit` events: all of them when the window holds no more, else a
    sample spread over the window (the latest of each of `slices` spans), so
    a zoomed-out view shows every period rather than only the newest days.
    Queries: 3 for a full window, at most slices + 4 for a sampled one.
    A day is a point; a week or month is drawn as the range it may fall in.
    Lanes past `max_lanes` (by number of items) share "Other".
    """
    window = queryset
    if start:
        window = window.filter(date__gte=start)
    if end:
        window = window.filter(date__lte=end)
    latest = _latest_ids(window, limit + 1)
    sampled = len(latest) > limit
    ids = [pk for pk, _ in latest[:limit]]
    if sampled:
        first = start or newest_first(window, reverse=True).values_list("date", flat=True).first()
        ids = _spread(window, first, end or latest[0][1], limit, slices)
    # Plain rows, not model instances: a window holds hundreds of events.
    fields = ("pk", "summary", "date", "date_min", "date_max", "date_precision", "type__plover", "type__name")
    events = sorted(Event.objects.filter(pk__in=ids).values_list(*fields), key=lambda row: (row[2], row[0]), reverse=True)
    countries: dict[int, dict[str, str]] = {}
    for event_id, code, name in (Participant.objects.filter(event_id__in=ids, country__isnull=False)
                                 .order_by("id").values_list("event_id", "country__code", "country__name")):
        countries.setdefault(event_id, {}).setdefault(code, name)
    return {**_items(events, countries, lanes, max_lanes), "sampled": sampled, "count": len(events),
            "first": events[-1][2].isoformat() if events else None,
            "last": events[0][2].isoformat() if events else None}


def _items(events: list[tuple], countries: dict[int, dict[str, str]], lanes: str, max_lanes: int) -> dict:
    placed, sizes, labels = [], {}, {}
    for event in events:
        for lane, label in _lanes_of(countries.get(event[0], {}), lanes):
            placed.append((event, lane))
            sizes[lane] = sizes.get(lane, 0) + 1
            labels[lane] = label
    kept = sorted(sizes, key=lambda lane: (-sizes[lane], labels[lane]))[:max_lanes]
    detail = reverse("event_detail", args=[987654321]).replace("987654321", "{}")
    items = []
    for (pk, summary, day, low, high, precision, family, kind), lane in placed:
        lane = lane if lane in kept else "~other"
        # `content` is plain text: the page's script escapes it before vis-timeline sees it.
        item = {"id": f"{pk}:{lane}", "event": pk, "group": lane, "content": summary, "family": family,
                "kind": kind, "type": "point", "start": day.isoformat(), "precision": precision,
                "url": detail.format(pk)}
        if precision != Event.Precision.DAY:
            item.update(type="range", start=low.isoformat(), end=(high + dt.timedelta(days=1)).isoformat())
        items.append(item)
    groups = [{"id": lane, "content": labels[lane]} for lane in kept]
    if len(sizes) > len(kept):
        groups.append({"id": "~other", "content": "Other"})
    return {"items": items, "groups": groups}

"""Reading the confirmed record as timelines: the filters shared by the pages,
the API and the feeds; keyset pagination; the visual timeline's items; a pair's
relations over time.

Everything here takes and returns querysets or plain data, never a request.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.urls import reverse

from ..models import Actor, Country, Event, EventType, Family, Participant

# Where each PLOVER family sits on the relations chart: cooperation above zero,
# conflict below. Statements, requests and incidents carry no sign of their own
# (PLOVER leaves the first and last out; a request's weight is near zero), so
# they stack above zero in neutral greys, after the cooperative families.
COOPERATION = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"]
NEUTRAL = ["STATEMENT", "REQUEST", "INCIDENT"]
CONFLICT = ["ACCUSE", "REJECT", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
FAMILY_TONE = {**{f: "cooperation" for f in COOPERATION}, **{f: "neutral" for f in NEUTRAL},
               **{f: "conflict" for f in CONFLICT}}
assert set(FAMILY_TONE) == set(Family.values), "every PLOVER family needs a place on the chart"

INTERVALS = {"week": TruncWeek, "month": TruncMonth}
SEARCH_CONFIG = "english"  # must match the GIN index in migration 0100_browse_search


# --- filters -----------------------------------------------------------------

class CodeChoiceField(django_filters.fields.ModelChoiceField):
    """A country chosen by its ISO code, in either case ("gb" or "GB")."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField


class UpperChoiceField(django_filters.fields.ChoiceField):
    """A choice given in either case ("consult" or "CONSULT")."""

    def to_python(self, value):
        return super().to_python(value).upper()


class FamilyFilter(django_filters.ChoiceFilter):
    field_class = UpperChoiceField


class SummaryMatches(Func):
    """`summary` matches a web-search query ("channel -fishing", "\"calais talks\"").

    Written out by hand so the SQL is exactly the GIN index's expression:
    django.contrib.postgres's SearchVector wraps the column in COALESCE, which
    the index would then not serve."""

    output_field = BooleanField()

    def __init__(self, expression, *, query: str):
        super().__init__(expression)
        self.query = query

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        sql = (f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {column}) "
               f"@@ websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)")
        return sql, (*params, self.query)


class EventFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError({"date_to": "The end date is before the start date."})
        country, counterpart = data.get("country"), data.get("counterpart")
        if country and counterpart and country == counterpart:
            raise ValidationError({"counterpart": "Choose a country other than the first one."})
        return data


def _involving(**participant) -> Exists:
    # EXISTS, not a JOIN: an event naming a country twice (a minister and the
    # country itself) must still appear once.
    return Exists(Participant.objects.filter(event_id=OuterRef("pk"), **participant))


# A participant filter matching at most this many events is applied as their ids.
FEW_EVENTS = 10_000


def involving(queryset: QuerySet[Event], **participant) -> QuerySet[Event]:
    """Events of `queryset` with a participant matching `participant`
    (country=..., actor=..., side=...), in a plan that stays fast.

    For a newest-first page PostgreSQL walks the date index and probes each
    event: quick when matches are many and spread (a big country), slow when
    they are few or bunched in time (a minister's four years, far back in a
    20-year record), as it first walks past every newer event. So the matches
    are fetched first, up to FEW_EVENTS, from the (country|actor, event)
    index; when there are no more, the filter is their ids, which PostgreSQL
    reads by primary key and sorts. One query more, whatever the record.
    """
    rows = list(Participant.objects.filter(**participant).order_by()
                .values_list("event_id", flat=True)[:FEW_EVENTS + 1])
    if len(rows) <= FEW_EVENTS:  # every matching row was read (count rows, not the ids they repeat)
        return among(queryset, rows)
    return queryset.filter(_involving(**participant))


def among(queryset: QuerySet[Event], ids) -> QuerySet[Event]:
    """Events of `queryset` whose id is in `ids` (a short list), marked so that
    newest_first() sorts them instead of walking the date index."""
    return queryset.filter(pk__in=set(ids)).alias(**{FEW: Value(True)})


FEW = "few_known_events"  # marks a queryset narrowed to a known, short list of ids


def newest_first(queryset: QuerySet[Event], *, reverse: bool = False) -> QuerySet[Event]:
    """`queryset` ordered by (date, id), newest first (oldest first with reverse).

    Narrowed to a few known ids (involving()), it is ordered by COALESCE(date,
    date): the same order, but one the date index cannot serve, so PostgreSQL
    fetches those ids by primary key and sorts them rather than walking the
    index past every newer event until it meets them.
    """
    day = Coalesce("date", "date") if FEW in queryset.query.annotations else F("date")
    return queryset.order_by(day.asc() if reverse else day.desc(), "id" if reverse else "-id")


class EventFilterSet(django_filters.FilterSet):
    """The timeline's filters, combinable, as URL parameters:

    country=GB, counterpart=FR (with country: the pair's events), actor=<slug>,
    type=<slug>, family=<PLOVER family>, date_from / date_to (on the event's
    best day, inclusive), q=<words> (full-text on PostgreSQL, every word
    contained on SQLite). Bad values are form errors that name the parameter.
    """

    q = django_filters.CharFilter(method="filter_words", label="Words", max_length=200,
                                  widget=forms.TextInput(attrs={"type": "search"}))
    country = CountryFilter(queryset=Country.objects.all(), to_field_name="code", method="filter_country",
                            label="Country", empty_label="Any country",
                            error_messages={"invalid_choice": "Unknown country code."})
    counterpart = CountryFilter(queryset=Country.objects.all(), to_field_name="code", method="filter_country",
                                label="With country", empty_label="Any counterpart",
                                error_messages={"invalid_choice": "Unknown country code."})
    actor = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.all(), to_field_name="slug", method="filter_actor", label="Actor",
        widget=forms.TextInput(attrs={"placeholder": "e.g. emmanuel-macron", "autocomplete": "off"}),
        error_messages={"invalid_choice": "Unknown actor: use the name in the actor page's address."})
    type = django_filters.ModelChoiceFilter(
        queryset=EventType.objects.order_by("name"), to_field_name="slug", field_name="type", label="Type",
        empty_label="Any type", error_messages={"invalid_choice": "Unknown event type."})
    family = FamilyFilter(choices=Family.choices, field_name="type__plover", label="Family", empty_label="Any family")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From",
                                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To",
                                        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = Event
        fields: list[str] = []
        form = EventFilterForm

    def filter_country(self, queryset, name, value):
        return involving(queryset, country=value) if value else queryset

    def filter_actor(self, queryset, name, value):
        return involving(queryset, actor=value) if value else queryset

    def filter_words(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(SummaryMatches(F("summary"), query=words))
        # SQLite (the demo): every word somewhere in the summary, any case.
        for word in words.split():
            queryset = queryset.filter(summary__icontains=word.strip('"'))
        return queryset


def events_filter(queryset: QuerySet[Event], params) -> QuerySet[Event]:
    """`queryset` narrowed by the filter parameters in `params` (a QueryDict or
    dict); raises ValidationError with one message list per bad parameter."""
    filterset = EventFilterSet(params, queryset=queryset)
    if not filterset.is_valid():
        errors = filterset.errors.get_json_data()
        raise ValidationError({name: [error["message"] for error in found] for name, found in errors.items()})
    return filterset.qs


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


# --- a pair's relations ---------------------------------------------------------------

def _periods(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """Every period start from the one holding `first` to the one holding `last`."""
    if interval == "week":
        day = first - dt.timedelta(days=first.weekday())
        out = []
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=7)
        return out
    year, month, out = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def pair_events(queryset: QuerySet[Event], a, b) -> QuerySet[Event]:
    """Events involving both countries (Country instances or ISO codes)."""
    for country in (a, b):
        queryset = involving(queryset, **({"country": country} if isinstance(country, Country) else {"country__code": country}))
    return queryset


def dyad_relations(*, a, b, interval: str = "month", date_from: dt.date | None = None,
                   date_to: dt.date | None = None, queryset: QuerySet[Event] | None = None) -> list[dict]:
    """How relations between two countries moved: per week or month, confirmed
    events counted by PLOVER family, and the mean Goldstein weight of their
    types (None when no event in the period has a weight).

    The series is dense from the first to the last period that has events (or
    the whole of date_from..date_to when both are given), so a quiet month
    shows as zero rather than disappearing. One query.
    """
    if interval not in INTERVALS:
        raise ValidationError(f"interval must be one of {', '.join(INTERVALS)}.")
    events = queryset if queryset is not None else Event.objects.filter(status=Event.Status.CONFIRMED)
    # The pair's events as a self-join of participants: PostgreSQL merges the two
    # countries' (country, event) index entries, already in event order, instead of
    # probing every event of the record twice.
    first, second = (_country_id(c) for c in (a, b))
    both = Participant.objects.filter(country_id=first, event_id__in=Participant.objects.filter(
        country_id=second).values("event_id")).values("event_id")
    events = events.filter(pk__in=both)
    if date_from:
        events = events.filter(date__gte=date_from)
    if date_to:
        events = events.filter(date__lte=date_to)
    rows = (
        events.order_by().annotate(period=INTERVALS[interval]("date")).values("period", "type__plover")
        .annotate(n=Count("id"), weight_sum=Sum("type__goldstein"), weighted=Count("type__goldstein"))
    )
    by_period: dict[dt.date, dict] = {}
    for row in rows:
        period = row["period"].date() if isinstance(row["period"], dt.datetime) else row["period"]
        slot = by_period.setdefault(period, {"counts": {}, "weight_sum": 0.0, "weighted": 0})
        slot["counts"][row["type__plover"]] = row["n"]
        slot["weight_sum"] += row["weight_sum"] or 0.0
        slot["weighted"] += row["weighted"]
    if not by_period and not (date_from and date_to):
        return []
    first = date_from if date_from and date_to else min(by_period)
    last = date_to if date_from and date_to else max(by_period)
    series = []
    for period in _periods(first, last, interval):
        slot = by_period.get(period, {"counts": {}, "weight_sum": 0.0, "weighted": 0})
        counts = slot["counts"]
        series.append({
            "period": period,
            "period_end": period_end(period, interval),
            "events": sum(counts.values()),
            "counts": counts,
            "cooperation": sum(n for f, n in counts.items() if FAMILY_TONE.get(f) == "cooperation"),
            "conflict": sum(n for f, n in counts.items() if FAMILY_TONE.get(f) == "conflict"),
            "goldstein_mean": round(slot["weight_sum"] / slot["weighted"], 2) if slot["weighted"] else None,
        })
    return series


def _country_id(country):
    """A Country's id, or a subquery finding it by code (evaluated once, as an InitPlan)."""
    if isinstance(country, Country):
        return country.pk
    return Subquery(Country.objects.filter(code=country).values("pk")[:1])


def period_end(start: dt.date, interval: str) -> dt.date:
    """The last day of the week or month starting on `start`."""
    if interval == "week":
        return start + dt.timedelta(days=6)
    following = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def family_choices() -> list[dict]:
    """The PLOVER families with their tone, in the chart's stacking order."""
    labels = dict(Family.choices)
    return [{"value": f, "label": labels[f], "tone": FAMILY_TONE[f]} for f in COOPERATION + NEUTRAL + CONFLICT]

"""The event filters shared by the pages, the API and the feeds, and the query
plans they rely on (involving(), newest_first()). Querysets in, querysets out."""
from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Exists, F, Func, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from ...models import Actor, Country, Event, EventType, Family, Participant

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

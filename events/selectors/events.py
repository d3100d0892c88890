"""The record as pages and feeds read it: the timeline, one event with all it
cites, its neighbours, an actor's record, a country's counterparts, and the
cache for the reads that aggregate tens of thousands of rows."""
import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncWeek

from ..models import Actor, Country, Event, Evidence, Participant, ReviewAction, Role
from .timeline import involving, newest_first


def _participants() -> QuerySet[Participant]:
    return Participant.objects.select_related("actor", "country").order_by("side", "id")


def _source_count() -> Coalesce:
    """Distinct articles citing the event, as a correlated subquery: PostgreSQL
    evaluates it only for the rows a page returns, where a JOIN + GROUP BY over
    evidence would aggregate the whole table before the LIMIT."""
    per_event = (
        Evidence.objects.filter(event_id=OuterRef("pk")).order_by().values("event_id")
        .annotate(n=Count("article_id", distinct=True)).values("n")
    )
    return Coalesce(Subquery(per_event, output_field=IntegerField()), Value(0))


def event_timeline(*, statuses: tuple[str, ...] = (Event.Status.CONFIRMED,)) -> QuerySet[Event]:
    """Events newest first with their type, participants and source count, in a fixed number of queries.

    `week_start` (the Monday of `date`) lets a week-precision event read
    "week of 22 Nov 2021" without claiming a day.
    """
    return (
        Event.objects.filter(status__in=statuses)
        .select_related("type")
        .prefetch_related(Prefetch("participants", queryset=_participants()))
        .annotate(source_count=_source_count(), week_start=TruncWeek("date"))
        .order_by("-date", "-id")
    )


def event_detail(*, pk: int, statuses: tuple[str, ...] = (Event.Status.CONFIRMED,)) -> Event | None:
    """One event with everything its page shows: type, participants, every
    source with its outlet and quote, the review history with who did what.
    Merged events are returned too (status "merged"), so the page can send the
    reader on to the event they were merged into."""
    evidence = Evidence.objects.select_related("article__outlet").order_by("article__published_at", "id")
    reviews = ReviewAction.objects.select_related("user").order_by("created_at", "id")
    return (
        event_timeline(statuses=(*statuses, Event.Status.MERGED))
        .select_related("reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence), Prefetch("review_actions", queryset=reviews))
        .filter(pk=pk)
        .first()
    )


def event_related(*, event: Event, days: int = 45, limit: int = 10) -> list[Event]:
    """Confirmed events of the same pair of countries within `days` of this one
    (the same country when it has one, the same actor when it has none)."""
    people = event.participants.all()  # prefetched
    codes = list(dict.fromkeys(p.country_id for p in people if p.country_id))[:2]
    actors = [p.actor_id for p in people if p.actor_id][:1]
    if codes:
        conditions = [Exists(Participant.objects.filter(event_id=OuterRef("pk"), country_id=c)) for c in codes]
    elif actors:
        conditions = [Exists(Participant.objects.filter(event_id=OuterRef("pk"), actor_id=actors[0]))]
    else:
        return []
    # The date window bounds the walk, so EXISTS probes stay few without involving()'s extra query.
    window = (event.date - dt.timedelta(days=days), event.date + dt.timedelta(days=days))
    return list(event_timeline().filter(*conditions, date__range=window).exclude(pk=event.pk)[:limit])


def actor_record(*, slug: str, per_side: int = 10) -> dict | None:
    """An actor with their roles (newest first) and, for each side they stood
    on, how many confirmed events and the latest of them.

    One read of the actor's confirmed participations (side, event, date) gives
    the counts and each side's latest ids; one query then loads those events.
    Five queries, whatever the actor's record."""
    actor = Actor.objects.select_related("country", "parent").filter(slug=slug).first()
    if actor is None:
        return None
    roles = list(Role.objects.filter(actor=actor).select_related("country", "organisation").order_by("-start"))
    taken = (Participant.objects.filter(actor=actor, event__status=Event.Status.CONFIRMED).order_by()
             .values_list("side", "event_id", "event__date"))
    by_side: dict[str, dict[int, dt.date]] = {}
    for side, event_id, day in taken:
        by_side.setdefault(side, {})[event_id] = day
    latest = {side: sorted(found, key=lambda pk: (found[pk], pk), reverse=True)[:per_side]
              for side, found in by_side.items()}
    loaded = {e.pk: e for e in event_timeline().filter(pk__in={pk for ids in latest.values() for pk in ids})}
    sides = [{"side": side, "label": label, "count": len(by_side.get(side, ())),
              "events": [loaded[pk] for pk in latest.get(side, []) if pk in loaded]}
             for side, label in Participant.Side.choices]
    everything = set().union(*(found.keys() for found in by_side.values()))
    return {"actor": actor, "roles": roles, "sides": sides, "total": len(everything)}


def country_events(*, country_id: int, limit: int = 20) -> list[Event]:
    """The latest confirmed events involving a country."""
    return list(newest_first(involving(event_timeline(), country_id=country_id))[:limit])


def country_counterparts(*, country: Country, date_from: dt.date | None = None, date_to: dt.date | None = None,
                         limit: int = 10) -> list[dict]:
    """The countries that shared the most confirmed events with `country` over
    the period, each with its event count and net cooperation: events whose type
    has a positive Goldstein weight minus those with a negative one. One query."""
    shared = Participant.objects.filter(
        country__isnull=False, event__status=Event.Status.CONFIRMED,
        event_id__in=Participant.objects.filter(country=country).values("event_id"),
    ).exclude(country=country)
    if date_from:
        shared = shared.filter(event__date__gte=date_from)
    if date_to:
        shared = shared.filter(event__date__lte=date_to)
    rows = (
        shared.values("country__code", "country__name")
        .annotate(events=Count("event_id", distinct=True),
                  cooperative=Count("event_id", distinct=True, filter=Q(event__type__goldstein__gt=0)),
                  conflictual=Count("event_id", distinct=True, filter=Q(event__type__goldstein__lt=0)))
        .order_by("-events", "country__name")[:limit]
    )
    return [{"code": r["country__code"], "name": r["country__name"], "events": r["events"],
             "cooperative": r["cooperative"], "conflictual": r["conflictual"],
             "net": r["cooperative"] - r["conflictual"]} for r in rows]


CACHE_SECONDS = 600


def record_counts() -> dict:
    """How many events are confirmed and how many wait for review (a count over
    the whole table: read it through cached_read)."""
    rows = dict(Event.objects.filter(status__in=[Event.Status.CONFIRMED, Event.Status.SUGGESTED])
                .order_by().values_list("status").annotate(n=Count("id")))
    return {"confirmed": rows.get(Event.Status.CONFIRMED, 0), "suggested": rows.get(Event.Status.SUGGESTED, 0)}


def record_stamp() -> str:
    """A stamp that moves whenever the record does: the newest event id and
    the latest `updated_at` (every review service sets it). Two index reads."""
    latest = Event.objects.aggregate(at=Max("updated_at"), id=Max("id"))
    return f"{latest['id']}@{latest['at'].timestamp() if latest['at'] else 0}"


def cached_read(selector, **kwargs):
    """`selector(**kwargs)`, kept in the cache under the record's stamp.

    For the aggregates that read tens of thousands of rows (a busy pair's 20
    years, a country's counterparts): a change to the record changes the stamp,
    hence the key, so the next reader recomputes. CACHE_SECONDS bounds what a
    change made behind the services' back (no updated_at) could leave stale.
    Arguments must have stable str() forms (codes, dates, Country rows).
    """
    parts = [f"{name}={kwargs[name].pk if isinstance(kwargs[name], Country) else kwargs[name]}" for name in sorted(kwargs)]
    key = f"browse:{selector.__name__}:{'&'.join(parts)}:{record_stamp()}"
    value = cache.get(key)
    if value is None:
        value = selector(**kwargs)
        cache.set(key, value, CACHE_SECONDS)
    return value


__all__ = ["actor_record", "cached_read", "record_counts", "country_counterparts", "country_events", "event_detail", "event_related",
           "event_timeline", "record_stamp"]

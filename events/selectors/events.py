"""The record as pages and feeds read it: the timeline, one event with all it
cites, its neighbours, an actor's record."""
import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncWeek

from ..models import Actor, Event, Evidence, Participant, ReviewAction, Role
from .timeline import among, involving, newest_first


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

    One read of the actor's confirmed participations gives the counts and each
    side's event ids; each side's latest events are then read among those ids
    (one query and its prefetch per side). Fixed queries, whatever the record."""
    actor = Actor.objects.select_related("country", "parent").filter(slug=slug).first()
    if actor is None:
        return None
    roles = list(Role.objects.filter(actor=actor).select_related("country", "organisation").order_by("-start"))
    taken = (Participant.objects.filter(actor=actor, event__status=Event.Status.CONFIRMED).order_by()
             .values_list("side", "event_id"))
    ids: dict[str, set[int]] = {}
    for side, event_id in taken:
        ids.setdefault(side, set()).add(event_id)
    sides = []
    for side, label in Participant.Side.choices:
        found = ids.get(side, set())
        events = list(newest_first(among(event_timeline(), found))[:per_side]) if found else []
        sides.append({"side": side, "label": label, "count": len(found), "events": events})
    return {"actor": actor, "roles": roles, "sides": sides, "total": len(set().union(*ids.values()))}


def country_events(*, country_id: int, limit: int = 20) -> list[Event]:
    """The latest confirmed events involving a country."""
    return list(newest_first(involving(event_timeline(), country_id=country_id))[:limit])


__all__ = ["actor_record", "country_events", "event_detail", "event_related", "event_timeline"]

"""The editors' reads: the queue of suggestions, each card's evidence in its
paragraph and its possible duplicates, and an event's review history.

Every function issues a fixed number of queries whatever the number of events.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Actor, Country, Event, EventType, Evidence, Family, Outlet, Participant, ReviewAction

DUPLICATE_SLACK = dt.timedelta(days=3)  # "close dates": ranges within three days of each other
DUPLICATES_SHOWN = 3
DUPLICATE_POOL = 400  # the most confirmed events read for one page of cards
CONTEXT_CHARS = 500  # of the paragraph on each side of a quote
SIDE_ORDER = (Participant.Side.SOURCE, Participant.Side.TARGET, Participant.Side.PARTICIPANT)


def _participants() -> Prefetch:
    return Prefetch("participants", queryset=Participant.objects.select_related("actor__country", "country").order_by("side", "id"))


def _evidence() -> Prefetch:
    newest = Evidence.objects.select_related("article__outlet").order_by(
        F("article__published_at").desc(nulls_last=True), "id")
    return Prefetch("evidence", queryset=newest)


def review_queue(*, country: str = "", event_type: str = "", family: str = "", outlet: int | None = None,
                 date_from: dt.date | None = None, date_to: dt.date | None = None,
                 confidence_min: float | None = None, article: int | None = None) -> QuerySet[Event]:
    """Suggestions awaiting review, newest article first, then the most confident, with
    everything a card shows. Filters: a country code (any side), a type slug, a PLOVER
    family, an outlet id, a date range the event overlaps, a minimum confidence, an article id."""
    newest = (Evidence.objects.filter(event=OuterRef("pk"))
              .annotate(at=Coalesce("article__published_at", "article__created_at")).order_by("-at").values("at")[:1])
    rows = Event.objects.filter(status=Event.Status.SUGGESTED).annotate(article_at=Subquery(newest))
    rows = review_queue_filter(rows, country=country, event_type=event_type, family=family, outlet=outlet,
                               date_from=date_from, date_to=date_to, confidence_min=confidence_min, article=article)
    return (rows.select_related("type", "reviewed_by").prefetch_related(_participants(), _evidence())
            .order_by(F("article_at").desc(nulls_last=True), "-confidence", "-id"))


def review_queue_filter(rows: QuerySet[Event], *, country: str = "", event_type: str = "", family: str = "",
                        outlet: int | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                        confidence_min: float | None = None, article: int | None = None) -> QuerySet[Event]:
    """The queue's filters on any queryset of events; empty values filter nothing.
    Filters through related rows are EXISTS subqueries, so no event appears twice."""
    if country:
        rows = rows.filter(Exists(Participant.objects.filter(event=OuterRef("pk")).filter(
            Q(country__code=country.upper()) | Q(actor__country__code=country.upper()))))
    if event_type:
        rows = rows.filter(type__slug=event_type)
    if family:
        rows = rows.filter(type__plover=family)
    if outlet:
        rows = rows.filter(Exists(Evidence.objects.filter(event=OuterRef("pk"), article__outlet_id=outlet)))
    if article:
        rows = rows.filter(Exists(Evidence.objects.filter(event=OuterRef("pk"), article_id=article)))
    if date_from:
        rows = rows.filter(date_max__gte=date_from)
    if date_to:
        rows = rows.filter(date_min__lte=date_to)
    if confidence_min is not None:
        rows = rows.filter(confidence__gte=confidence_min)
    return rows


def review_filter_choices() -> dict:
    """What the queue's filter form offers: countries, event types, families, outlets."""
    return {
        "countries": list(Country.objects.order_by("name").values_list("code", "name")),
        "types": list(EventType.objects.order_by("name").values_list("slug", "name")),
        "families": Family.choices,
        "outlets": list(Outlet.objects.order_by("name").values_list("pk", "name")),
    }


# Cards --------------------------------------------------------------------------------------------------------------

@dataclass
class Passage:
    """An evidence quote inside its paragraph, as three plain strings (the template escapes them)."""

    evidence: Evidence
    before: str
    quote: str
    after: str


@dataclass
class Duplicate:
    """A confirmed event a card may duplicate, read as plain values (a page reads hundreds)."""

    pk: int
    summary: str
    date: dt.date
    date_min: dt.date
    date_precision: str
    plover: str
    date_max: dt.date
    codes: set[str]
    shared: list[str] = field(default_factory=list)


@dataclass
class ReviewCard:
    event: Event
    key: str  # the id as text, so that templates do not localise a number twenty times a card
    sides: list[tuple[str, list[Participant]]]
    new_actors: list[Actor]
    passages: list[Passage]
    duplicates: list[Duplicate] = field(default_factory=list)


def entity_code(p: Participant) -> str:
    """The code a participant stands for: an organisation's, else its country's."""
    if p.actor_id and p.actor.code:
        return p.actor.code
    if p.country_id:
        return p.country.code
    return p.actor.country.code if p.actor_id and p.actor.country_id else ""


def event_codes(event: Event) -> set[str]:
    return {code for p in event.participants.all() if (code := entity_code(p))}


def evidence_passage(evidence: Evidence) -> Passage:
    """The quote highlighted inside its paragraph of the article. The offsets are trusted
    when they point at the quote; otherwise the quote is searched for, else shown alone."""
    text, start, end = evidence.article.text or "", evidence.quote_start, evidence.quote_end
    if not (0 <= start < end <= len(text)) or _squash(text[start:end]) != _squash(evidence.quote):
        found = text.find(evidence.quote) if evidence.quote else -1
        if found < 0:
            return Passage(evidence=evidence, before="", quote=evidence.quote, after="")
        start, end = found, found + len(evidence.quote)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before, after = text[para_start:start], text[end:para_end]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS] + "…"
    return Passage(evidence=evidence, before=before, quote=text[start:end], after=after)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _card(event: Event) -> ReviewCard:
    people = list(event.participants.all())
    sides = [(side, [p for p in people if p.side == side]) for side in SIDE_ORDER]
    new_actors = list({p.actor_id: p.actor for p in people if p.actor_id and not p.actor.verified}.values())
    return ReviewCard(event=event, key=str(event.pk), sides=[(side, rows) for side, rows in sides if rows], new_actors=new_actors,
                      passages=[evidence_passage(e) for e in event.evidence.all()])


def review_cards(events: Iterable[Event]) -> list[ReviewCard]:
    """Cards for events read through `review_queue` (or `review_events`), with their possible
    duplicates: confirmed events of the same family, sharing a participant, within three
    days. Two queries for all the duplicates of all the cards."""
    cards = [_card(event) for event in events]
    pending = [c for c in cards if c.event.status == Event.Status.SUGGESTED]
    if not pending:
        return cards
    codes = set().union(*(event_codes(c.event) for c in pending))
    low = min(c.event.date_min for c in pending) - DUPLICATE_SLACK
    high = max(c.event.date_max for c in pending) + DUPLICATE_SLACK
    sharing = Participant.objects.filter(Q(country__code__in=codes) | Q(actor__code__in=codes)).values("event_id")
    rows = (Event.objects.filter(status=Event.Status.CONFIRMED, type__plover__in={c.event.type.plover for c in pending},
                                 date_min__lte=high, date_max__gte=low, pk__in=sharing)
            .order_by("-date", "-id").values_list("pk", "summary", "date", "date_min", "date_precision", "type__plover",
                                                  "date_max")[:DUPLICATE_POOL])
    pool = {row[0]: Duplicate(*row, codes=set()) for row in rows}
    people = Participant.objects.filter(event_id__in=list(pool)).values_list(
        "event_id", "actor__code", "country__code", "actor__country__code")
    for event_id, *candidates in people:
        code = next((c for c in candidates if c), "")
        if code:
            pool[event_id].codes.add(code)
    by_family: dict[str, list[Duplicate]] = {}
    for other in pool.values():
        by_family.setdefault(other.plover, []).append(other)
    for card in pending:
        card.duplicates = _duplicates_of(card.event, by_family.get(card.event.type.plover, []))
    return cards


def _duplicates_of(event: Event, pool: list[Duplicate]) -> list[Duplicate]:
    mine, found = event_codes(event), []
    low, high = event.date_min - DUPLICATE_SLACK, event.date_max + DUPLICATE_SLACK
    for other in pool:
        shared = mine & other.codes
        if shared and other.date_min <= high and other.date_max >= low and other.pk != event.pk:
            found.append((len(shared), -abs((other.date - event.date).days), other, sorted(shared)))
    found.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [replace(other, shared=shared) for _, _, other, shared in found[:DUPLICATES_SHOWN]]


def review_event_rows() -> QuerySet[Event]:
    """Events of any status with everything a card, an event page or the API shows."""
    return Event.objects.select_related("type", "reviewed_by").prefetch_related(_participants(), _evidence())


def review_events(*, ids: Iterable[int]) -> QuerySet[Event]:
    return review_event_rows().filter(pk__in=list(ids))


def review_card(*, event_id: int) -> ReviewCard:
    """One card, for the answer to an action. Event.DoesNotExist when there is none."""
    return review_cards([review_events(ids=[event_id]).get()])[0]


# History ------------------------------------------------------------------------------------------------------------

HISTORY_FIELDS = [("status", "Status"), ("type", "Type"), ("summary", "Summary"), ("date", "Date"),
                  ("date_min", "Earliest"), ("date_max", "Latest"), ("date_precision", "Precision"),
                  ("location", "Location"), ("merged_into", "Merged into"), ("participants", "Participants")]


@dataclass
class HistoryEntry:
    action: ReviewAction
    changes: list[tuple[str, str, str]]


def _shown(key: str, value) -> str:
    if value in (None, ""):
        return "—"
    if key == "participants":
        return "; ".join(f"{p['side']}: {p.get('actor') or p.get('country')}{'' if p.get('actor_verified') in (None, True) else ' (new)'}"
                         for p in value) or "—"
    if key == "merged_into":
        return f"#{value}"
    return str(value)


def action_changes(action: ReviewAction) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field an action changed."""
    if not action.before:
        return []
    return [(label, _shown(key, action.before.get(key)), _shown(key, action.after.get(key)))
            for key, label in HISTORY_FIELDS if action.before.get(key) != action.after.get(key)]


def event_history(*, event_id: int) -> list[HistoryEntry]:
    """The event's review actions, oldest first, each with what it changed."""
    actions = ReviewAction.objects.filter(event_id=event_id).select_related("user").order_by("created_at", "id")
    return [HistoryEntry(action=a, changes=action_changes(a)) for a in actions]

"""From an article to suggestions: run the engine, store what it finds, and
attach evidence to an existing event instead of suggesting it twice."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    MAX_RANGE, Actor, Article, Country, Event, EventChange, EventType, Evidence, Family, Participant, ReviewAction,
)
from .changes import change_record

SIDES = (("source", Participant.Side.SOURCE), ("target", Participant.Side.TARGET), ("participants", Participant.Side.PARTICIPANT))
OPEN_STATUSES = (Event.Status.SUGGESTED, Event.Status.CONFIRMED)
DATE_SLACK = dt.timedelta(days=1)
CAMEO_CODE = re.compile(r"\d{3,4}")


@dataclass
class StoreResult:
    created: list[int] = field(default_factory=list)
    corroborated: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.corroborated)


@dataclass
class Who:
    side: str
    text: str
    country: Country | None = None
    actor: Actor | None = None

    @property
    def code(self) -> str:
        if self.actor and self.actor.code:
            return self.actor.code
        return self.country.code if self.country else ""


def article_payload(article: Article) -> dict:
    """The article in the engine's input shape."""
    published = (article.published_at or article.created_at or timezone.now()).date().isoformat()
    return {"id": str(article.pk), "url": article.url, "outlet": article.outlet.name if article.outlet_id else None,
            "title": article.title, "published_at": published, "text": article.text}


def article_suggest(*, article_id: int) -> StoreResult | None:
    """Run the engine over a fetched article and store its suggestions.

    The engine runs outside any transaction; storing locks the article and does
    nothing if another delivery got there first. None when the article is gone
    or not waiting for suggestions.
    """
    from ..engine import engine_get

    article = Article.objects.filter(pk=article_id, status=Article.Status.FETCHED).select_related("outlet").first()
    if article is None:
        return None
    suggestions = engine_get().extract(article_payload(article))
    return suggestions_store(article_id=article.pk, suggestions=suggestions)


@transaction.atomic
def suggestions_store(*, article_id: int, suggestions: list[dict]) -> StoreResult:
    """Store the engine's suggestions for an article and mark it extracted.

    Locks the article row, so two workers on one article cannot both store; an
    article already extracted is left alone. Each suggestion that matches an
    open event (same family, shared participants, overlapping dates) adds its
    quote to that event as evidence; the others become suggested events, each
    with a `create` review action.
    """
    article = Article.objects.select_for_update().get(pk=article_id)
    result = StoreResult()
    if article.status == Article.Status.EXTRACTED:
        return result
    types = {t.slug: t for t in EventType.objects.all()}
    lookup = Lookup.of(suggestions)
    for suggestion in suggestions:
        kind = types.get(suggestion.get("type"))
        if kind is None:
            continue
        people = participants_resolve(suggestion, lookup)
        existing = corroborated_event(kind=kind, people=people, suggestion=suggestion, article=article)
        if existing:
            evidence_attach(event=existing, article=article, suggestion=suggestion)
            result.corroborated.append(existing.pk)
        else:
            result.created.append(suggestion_create(kind=kind, people=people, suggestion=suggestion, article=article).pk)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.EXTRACTED, extracted_at=timezone.now(), error="")
    return result


@dataclass
class Lookup:
    """The countries, organisations and actors that an article's suggestions name, read once."""

    countries: dict[str, Country]
    organisations: dict[str, Actor]
    actors: dict[int, Actor]

    @classmethod
    def of(cls, suggestions: list[dict]) -> "Lookup":
        entries = [entry for s in suggestions for key, _ in SIDES for entry in s.get(key) or []]
        codes = {e.get("code") for e in entries if e.get("code")}
        return cls(
            countries={c.code: c for c in Country.objects.filter(code__in=codes)},
            organisations={a.code: a for a in Actor.objects.filter(kind=Actor.Kind.ORGANISATION, code__in=codes)},
            actors=Actor.objects.in_bulk([e["actor_id"] for e in entries if e.get("actor_id")]),
        )


def participants_resolve(suggestion: dict, lookup: Lookup) -> list[Who]:
    """Map the engine's {name, code, actor_id, new} entries to countries and actors.

    A person the reference data does not know becomes an unverified actor for an
    editor to confirm."""
    people = []
    for key, side in SIDES:
        for entry in suggestion.get(key) or []:
            code, text = entry.get("code") or "", (entry.get("text") or entry.get("name") or "")[:200]
            country = lookup.countries.get(code)
            actor = lookup.actors.get(entry.get("actor_id")) or lookup.organisations.get(code)
            if entry.get("new") and entry.get("name") and not entry.get("actor_id"):
                actor = actor_propose(name=entry["name"], country=country, title=entry.get("title") or "")
            if actor and actor.kind == Actor.Kind.ORGANISATION and country is None and actor.code != code:
                actor = None
            if country or actor:
                people.append(Who(side=side, text=text, country=country, actor=actor))
    return people


def actor_propose(*, name: str, country: Country | None, title: str) -> Actor:
    """An unverified person proposed by the engine; the same name twice is one actor."""
    slug = slugify(name)[:110] or "actor"
    actor, _ = Actor.objects.get_or_create(slug=slug, defaults={
        "name": name[:200], "kind": Actor.Kind.PERSON, "country": country, "verified": False,
        "notes": f"Proposed from news text as {title}." if title else "Proposed from news text."})
    return actor


def _codes(people: list[Who], side: str) -> set[str]:
    return {p.code for p in people if p.side == side and p.code}


def corroborated_event(*, kind: EventType, people: list[Who], suggestion: dict, article: Article) -> Event | None:
    """An open event that this suggestion reports again: same family, overlapping
    dates (a day of slack), the same source and target codes (or, for symmetric
    events, two participants in common), and no evidence yet from this article."""
    low, high = dt.date.fromisoformat(suggestion["date_min"]), dt.date.fromisoformat(suggestion["date_max"])
    codes = {p.code for p in people if p.code}
    if not codes:
        return None
    candidates = (
        Event.objects.filter(type__plover=kind.plover, status__in=OPEN_STATUSES,
                             date_min__lte=high + DATE_SLACK, date_max__gte=low - DATE_SLACK)
        .filter(Q(participants__country__code__in=codes) | Q(participants__actor__code__in=codes))
        .exclude(evidence__article=article)
        .distinct()
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.select_related("actor", "country")))
        .order_by("-status", "date")[:20]
    )
    for event in candidates:
        theirs = [Who(side=p.side, text=p.text, country=p.country, actor=p.actor) for p in event.participants.all()]
        if sides_agree(people, theirs):
            return event
    return None


def sides_agree(ours: list[Who], theirs: list[Who]) -> bool:
    """Directed: sources share a code and targets share a code (when both give one).
    Symmetric: at least two codes in common, or all of them where fewer are named."""
    src, tgt = _codes(ours, "source"), _codes(ours, "target")
    if src or tgt:
        their_src, their_tgt = _codes(theirs, "source"), _codes(theirs, "target")
        if not their_src and not their_tgt:
            return False
        return (not src or not their_src or bool(src & their_src)) and (not tgt or not their_tgt or bool(tgt & their_tgt))
    mine, other = _codes(ours, "participant"), {p.code for p in theirs if p.code}
    return len(mine & other) >= min(2, len(mine)) if mine else False


def evidence_attach(*, event: Event, article: Article, suggestion: dict) -> Evidence:
    """Add a quote to an event. A confirmed event gains a source: its revision moves
    and the change feed says it was edited."""
    evidence, created = Evidence.objects.get_or_create(
        event=event, article=article, quote_start=suggestion["quote_start"],
        defaults={"quote": suggestion["quote"], "quote_end": suggestion["quote_end"]})
    if created and event.status == Event.Status.CONFIRMED:
        Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
        change_record(event_id=event.pk, kind=EventChange.Kind.EDITED)
    return evidence


def suggestion_codes(*, kind: EventType, suggestion: dict) -> dict:
    """The act's own CAMEO code, PLOVER family and mode, as the engine coded it ("freezes aid"
    is 162 within its type's codes). A suggestion without a valid family or code takes its type's."""
    family, code = suggestion.get("plover"), str(suggestion.get("cameo") or "")
    if family not in Family.values or (code and not CAMEO_CODE.fullmatch(code)):
        return {"cameo": kind.cameo, "plover": kind.plover, "plover_mode": kind.plover_mode}
    return {"cameo": code, "plover": family, "plover_mode": str(suggestion.get("plover_mode") or "")[:20]}


def suggestion_fingerprint(*, article: Article, suggestion: dict) -> str:
    key = f"{article.pk}|{suggestion['type']}|{suggestion['quote_start']}|{suggestion['date_min']}"
    return hashlib.sha256(key.encode()).hexdigest()


def suggestion_create(*, kind: EventType, people: list[Who], suggestion: dict, article: Article) -> Event:
    """A new suggested event with its participants, evidence and a `create` review action."""
    fingerprint = suggestion_fingerprint(article=article, suggestion=suggestion)
    low, high = sorted([dt.date.fromisoformat(suggestion["date_min"]), dt.date.fromisoformat(suggestion["date_max"])])
    low = max(low, high - MAX_RANGE)  # the database refuses wider claims; keep the recent end
    best = dt.date.fromisoformat(suggestion.get("date") or suggestion["date_min"])
    best = min(max(best, low), high)
    try:
        with transaction.atomic():
            event = Event.objects.create(
                type=kind, **suggestion_codes(kind=kind, suggestion=suggestion),
                summary=(suggestion.get("summary") or kind.name)[:300], status=Event.Status.SUGGESTED,
                date=best, date_min=low, date_max=high, date_precision=suggestion.get("date_precision") or "day",
                confidence=min(max(float(suggestion.get("confidence") or 0.5), 0.0), 1.0), fingerprint=fingerprint)
    except IntegrityError:  # stored before: a second delivery, or a racing one
        found = Event.objects.filter(fingerprint=fingerprint).first()
        if found is None:
            raise
        return found
    Participant.objects.bulk_create(
        [Participant(event=event, side=p.side, country=p.country, actor=p.actor, text=p.text) for p in people])
    Evidence.objects.create(event=event, article=article, quote=suggestion["quote"],
                            quote_start=suggestion["quote_start"], quote_end=suggestion["quote_end"])
    ReviewAction.objects.create(event=event, action=ReviewAction.Action.CREATE,
                                after={"status": "suggested", "type": kind.slug, "confidence": event.confidence},
                                reason=f"suggested from article {article.pk}")
    return event

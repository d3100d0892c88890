"""Editors' review: every write to an event's reviewed state happens here.

Each service runs in one transaction, takes keyword-only arguments and moves an
event with a conditional update, `filter(pk=..., status=..., revision=...)`,
that also bumps `Event.revision` and sets `reviewed_by`/`reviewed_at`. A row
count of 0 means another editor moved first: the service re-reads the row and
either finds the action already done (a no-op, `changed=False`) or raises
`ReviewConflict` carrying the current state. Every applied action writes a
`ReviewAction` with before/after snapshots. Changes to the public record (an
event entering or leaving `confirmed`, a confirmed event gaining evidence) also
append an `EventChange` to the feed in the same transaction.

Nothing is deleted: rejected and merged events stay, merged evidence moves. The
one exception is a participant row an editor removes in an edit; the edit's
`before` snapshot keeps it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone

from ..models import Actor, Alias, Country, Event, EventChange, EventType, Evidence, Participant, ReviewAction
from .changes import change_record

Status = Event.Status
Action = ReviewAction.Action

REJECT_REASONS = [
    ("not_an_event", "Not a diplomatic event"),
    ("misread", "The article does not say this"),
    ("duplicate", "Duplicate of another event"),
    ("opinion", "Opinion or speculation, not a reported fact"),
    ("out_of_scope", "Out of scope"),
    ("other", "Other (explain)"),
]
EDITABLE = ("type_id", "summary", "date", "date_min", "date_max", "date_precision", "location")
CHANGE_KEYS = frozenset(EDITABLE) | {"participants", "new_actors"}
ATTEMPTS = 3  # re-reads after losing a race before giving up


class ReviewError(Exception):
    """Base of the review errors; `message` is written for an editor to read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReviewConflict(ReviewError):
    """The action cannot apply to the event as it is now (`state`); views show it, the API answers 409."""

    def __init__(self, message: str, *, event: Event | None = None, state: dict | None = None):
        super().__init__(message)
        self.state = state if state is not None else (event_state(event) if event else {})


class ReviewInvalid(ReviewError):
    """The requested change breaks a rule of the record (a date outside its range, an unknown type): 400."""

    def __init__(self, message: str, *, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


@dataclass(frozen=True)
class ReviewResult:
    """What an action did: `changed` is False when it repeated an action already done."""

    event_id: int
    action: str
    changed: bool
    status: str
    revision: int
    message: str
    changed_event_ids: tuple[int, ...] = ()
    evidence_moved: tuple[int, ...] = ()


@dataclass
class BulkRejectResult:
    rejected: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    conflicts: dict[int, str] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)


# Reading and describing ---------------------------------------------------------------------------------------------

def _events(*, lock: bool = False):
    participants = Participant.objects.select_related("actor", "country").order_by("side", "id")
    rows = Event.objects.select_related("type", "reviewed_by").prefetch_related(Prefetch("participants", participants))
    return rows.select_for_update(of=("self",)) if lock else rows


def _event_get(event_id: int, *, lock: bool = False) -> Event:
    """The event with its type and participants; Event.DoesNotExist when there is none (views: 404)."""
    return _events(lock=lock).get(pk=event_id)


def event_snapshot(event: Event) -> dict:
    """The reviewed state of an event as plain JSON, for ReviewAction.before/after."""
    return {
        "status": event.status, "type": event.type.slug, "summary": event.summary,
        "date": event.date.isoformat(), "date_min": event.date_min.isoformat(), "date_max": event.date_max.isoformat(),
        "date_precision": event.date_precision, "location": event.location, "confidence": event.confidence,
        "merged_into": event.merged_into_id, "revision": event.revision,
        "participants": [
            {"side": p.side, "country": p.country.code if p.country_id else None, "actor_id": p.actor_id,
             "actor": p.actor.name if p.actor_id else None, "actor_verified": p.actor.verified if p.actor_id else None,
             "text": p.text}
            for p in event.participants.all()
        ],
    }


def event_state(event: Event) -> dict:
    """Who moved the event where, for a conflict message and the API's 409 body."""
    return {
        "id": event.pk, "status": event.status, "revision": event.revision, "merged_into": event.merged_into_id,
        "reviewed_by": event.reviewed_by.get_username() if event.reviewed_by_id else None,
        "reviewed_at": event.reviewed_at.isoformat() if event.reviewed_at else None,
    }


def _describe(event: Event) -> str:
    """'confirmed by ed at 2021-11-29 10:02 UTC' and the like."""
    words = f"merged into event #{event.merged_into_id}" if event.status == Status.MERGED else event.status
    if event.reviewed_by_id:
        words += f" by {event.reviewed_by.get_username()}"
    if event.reviewed_at:
        words += f" at {event.reviewed_at:%Y-%m-%d %H:%M} UTC"
    return words


def _unchanged(event: Event, action: str) -> ReviewResult:
    return ReviewResult(event_id=event.pk, action=action, changed=False, status=event.status,
                        revision=event.revision, message=f"No change: event #{event.pk} is already {_describe(event)}.")


def _conflict(event: Event, wanted: str, hint: str = "") -> ReviewConflict:
    text = f"Cannot {wanted} event #{event.pk}: it is {_describe(event)}."
    return ReviewConflict(f"{text} {hint}".strip(), event=event)


def _check_revision(event: Event, revision: int | None, wanted: str) -> None:
    if revision is not None and event.revision != revision:
        raise _conflict(event, wanted, "It changed since you opened it; look at it again.")


# Writing ------------------------------------------------------------------------------------------------------------

def _transition(event: Event, *, to: str, user, **fields) -> bool:
    """The conditional update: applies only if the row is still as we read it. True when we won."""
    now = timezone.now()
    won = Event.objects.filter(pk=event.pk, status=event.status, revision=event.revision).update(
        status=to, reviewed_by=user, reviewed_at=now, updated_at=now, revision=F("revision") + 1, **fields)
    return won == 1


def _record(*, event_id: int, user, action: str, before: dict, reason: str = "", **extra) -> dict:
    after = event_snapshot(_event_get(event_id))
    after.update(extra)
    ReviewAction.objects.create(event_id=event_id, user=user, action=action, before=before, after=after, reason=reason)
    return after


def _attempt(event_id: int, step: Callable[[Event], ReviewResult | None], *, lock: bool = False) -> ReviewResult:
    """Run `step` on a fresh read until it wins or decides; `step` returns None when it lost a race."""
    for _ in range(ATTEMPTS):
        result = step(_event_get(event_id, lock=lock))
        if result is not None:
            return result
    raise _conflict(_event_get(event_id), "change", "Other editors keep changing it; reload and try again.")


# Edits --------------------------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    fields: dict
    participants: list[dict] | None
    new_actors: dict[int, dict]


def _date(value, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReviewInvalid(f"{name} is not a date: {value!r}", errors={name: "Enter a date as YYYY-MM-DD."})


def _plan_fields(event: Event, changes: dict) -> dict:
    """The scalar changes, with the date rules: a day-precision event spans its one day; date_min <= date <= date_max."""
    fields = {key: changes[key] for key in EDITABLE if key in changes and changes[key] is not None}
    if "type_id" in fields and not EventType.objects.filter(pk=fields["type_id"]).exists():
        raise ReviewInvalid("Unknown event type.", errors={"type": "Choose an event type from the list."})
    if "summary" in fields:
        fields["summary"] = str(fields["summary"]).strip()
        if not fields["summary"] or len(fields["summary"]) > 300:
            raise ReviewInvalid("The summary must be 1 to 300 characters.", errors={"summary": "Write one line."})
    if not {"date", "date_min", "date_max", "date_precision"} & fields.keys():
        return {key: value for key, value in fields.items() if getattr(event, key) != value}
    precision = fields.get("date_precision", event.date_precision)
    if precision not in Event.Precision.values:
        raise ReviewInvalid(f"Unknown date precision {precision!r}.", errors={"date_precision": "Choose a precision."})
    date = _date(fields.get("date", event.date), "date")
    low = _date(fields.get("date_min", event.date_min), "date_min")
    high = _date(fields.get("date_max", event.date_max), "date_max")
    if precision == Event.Precision.DAY:
        low = high = date
    elif "date" in fields and "date_min" not in fields and "date_max" not in fields:
        low, high = min(low, date), max(high, date)
    if not low <= date <= high:
        raise ReviewInvalid("The date must lie between the earliest and the latest date.",
                            errors={"date": f"Choose a day from {low} to {high}."})
    fields.update(date=date, date_min=low, date_max=high)
    return {key: value for key, value in fields.items() if getattr(event, key) != value}


def _plan_participants(event: Event, rows: list[dict]) -> list[dict]:
    """Participants as {side, country_id, actor_id, text}; an actor's country fills a blank country."""
    actor_ids = {r.get("actor_id") for r in rows if r.get("actor_id")}
    actors = Actor.objects.in_bulk(actor_ids)
    countries = set(Country.objects.filter(pk__in={r.get("country_id") for r in rows if r.get("country_id")})
                    .values_list("pk", flat=True))
    current = {p.actor_id for p in event.participants.all()}
    planned, seen = [], set()
    for number, row in enumerate(rows, start=1):
        side, actor_id, country_id = row.get("side"), row.get("actor_id") or None, row.get("country_id") or None
        if side not in Participant.Side.values:
            raise ReviewInvalid(f"Participant {number}: unknown side {side!r}.", errors={"participants": "Choose a side."})
        if actor_id and (actor_id not in actors or (not actors[actor_id].verified and actor_id not in current)):
            raise ReviewInvalid(f"Participant {number}: unknown actor.", errors={"participants": "Choose a known actor."})
        if country_id and country_id not in countries:
            raise ReviewInvalid(f"Participant {number}: unknown country.", errors={"participants": "Choose a country."})
        if actor_id and not country_id:
            country_id = actors[actor_id].country_id
        if not actor_id and not country_id:
            raise ReviewInvalid(f"Participant {number} names nobody.", errors={"participants": "Choose a country or an actor."})
        if (side, country_id, actor_id) not in seen:
            seen.add((side, country_id, actor_id))
            planned.append({"side": side, "country_id": country_id, "actor_id": actor_id, "text": (row.get("text") or "")[:200]})
    if not planned:
        raise ReviewInvalid("An event needs at least one participant.", errors={"participants": "Keep at least one."})
    return planned


def _plan_new_actors(event: Event, decisions: dict) -> dict[int, dict]:
    """{proposed actor id: {"name", "country_id"} to confirm it corrected, or {"link_to": id} to use a known actor}.
    On a confirmed event the new actors were settled with it: repeated decisions are ignored."""
    proposed = {p.actor_id for p in event.participants.all() if p.actor_id and not p.actor.verified}
    plan = {}
    for actor_id, decision in (decisions or {}).items():
        actor_id = int(actor_id)
        if actor_id not in proposed and event.status == Status.CONFIRMED:
            continue
        if actor_id not in proposed:
            raise ReviewInvalid(f"Actor #{actor_id} is not a new actor of this event.", errors={"new_actors": "Unknown new actor."})
        if decision.get("link_to"):
            target = Actor.objects.filter(pk=decision["link_to"], verified=True).first()
            if target is None or target.pk == actor_id:
                raise ReviewInvalid("Link a new actor to a known, verified actor.", errors={"new_actors": "Choose a known actor."})
            plan[actor_id] = {"link_to": target.pk}
        else:
            name = (decision.get("name") or "").strip()[:200]
            country_id = decision.get("country_id")
            if country_id and not Country.objects.filter(pk=country_id).exists():
                raise ReviewInvalid("Unknown country for the new actor.", errors={"new_actors": "Choose a country."})
            plan[actor_id] = {key: value for key, value in (("name", name), ("country_id", country_id)) if value}
    return plan


def _plan(event: Event, changes: dict | None) -> _Plan:
    if not changes:
        return _Plan(fields={}, participants=None, new_actors={})
    unknown = set(changes) - CHANGE_KEYS
    if unknown:
        raise ReviewInvalid(f"Cannot change {', '.join(sorted(unknown))}.", errors={key: "Not editable." for key in unknown})
    participants = _plan_participants(event, changes["participants"]) if changes.get("participants") is not None else None
    if participants is not None and _participant_keys(participants) == _participant_rows(event):
        participants = None
    return _Plan(fields=_plan_fields(event, changes), participants=participants,
                 new_actors=_plan_new_actors(event, changes.get("new_actors") or {}))


def _participant_rows(event: Event) -> list[tuple]:
    return sorted((p.side, p.country_id or 0, p.actor_id or 0, p.text) for p in event.participants.all())


def _participant_keys(rows: list[dict]) -> list[tuple]:
    return sorted((r["side"], r["country_id"] or 0, r["actor_id"] or 0, r["text"]) for r in rows)


def _participants_apply(event: Event, planned: list[dict]) -> None:
    """Keep rows that stay, update their words, remove the rest and add the new ones."""
    wanted = {(r["side"], r["country_id"], r["actor_id"]): r for r in planned}
    for p in event.participants.all():
        row = wanted.pop((p.side, p.country_id, p.actor_id), None)
        if row is None:
            Participant.objects.filter(pk=p.pk).delete()
        elif row["text"] != p.text:
            Participant.objects.filter(pk=p.pk).update(text=row["text"])
    Participant.objects.bulk_create([Participant(event_id=event.pk, **row) for row in wanted.values()])


def _actors_settle(event_id: int, plan: dict[int, dict], user) -> list[int]:
    """Link or verify the event's new actors: a linked one's participations in open suggestions
    move to the known actor, whose aliases learn the proposed name; every other new actor of
    the event is confirmed with it. Returns the other suggested events that changed."""
    linked = {actor_id: d["link_to"] for actor_id, d in plan.items() if "link_to" in d}
    others = []
    for proposed_id, target_id in linked.items():
        others += _actor_repoint(proposed_id=proposed_id, target_id=target_id, user=user, except_event=event_id)
    corrected = sum(Actor.objects.filter(pk=actor_id, verified=False).update(**correction)
                    for actor_id, correction in plan.items() if actor_id not in linked and correction)
    remaining = Participant.objects.filter(event_id=event_id, actor__verified=False).values("actor_id")
    if Actor.objects.filter(pk__in=remaining, verified=False).update(verified=True) or corrected:
        _gazetteer_changed()
    return others


def _gazetteer_changed() -> None:
    """Tell every engine to recompile after commit: update() sends no signal (as in reference_load)."""
    from ..engine import reference_changed

    transaction.on_commit(reference_changed)


def _taking_part(actor_id: int):
    # A subquery rather than a join: FOR UPDATE refuses the DISTINCT a join would need.
    return Participant.objects.filter(actor_id=actor_id).values("event_id")


def _actor_repoint(*, proposed_id: int, target_id: int, user, except_event: int | None) -> list[int]:
    """Move a proposed actor's participations to a known actor, in this event and every suggested one;
    each other suggestion gets its revision bumped and an `edit` action. Returns those others."""
    proposed = Actor.objects.get(pk=proposed_id)
    target = Actor.objects.get(pk=target_id)
    Alias.objects.get_or_create(actor=target, text=proposed.name[:120], defaults={"kind": Alias.Kind.ALIAS})
    if except_event is not None:
        Participant.objects.filter(event_id=except_event, actor_id=proposed_id).update(actor_id=target_id)
    others = list(_events(lock=True).filter(status=Status.SUGGESTED, pk__in=_taking_part(proposed_id))
                  .exclude(pk=except_event).order_by("pk"))
    for other in others:
        before = event_snapshot(other)
        Participant.objects.filter(event_id=other.pk, actor_id=proposed_id).update(actor_id=target_id)
        Event.objects.filter(pk=other.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
        _record(event_id=other.pk, user=user, action=Action.EDIT, before=before,
                reason=f"new actor {proposed.name!r} linked to {target.name!r}")
    Actor.objects.filter(pk=proposed_id).update(
        notes=f"{proposed.notes}\nLinked to {target.slug} by {user.get_username()}.".strip())
    return [other.pk for other in others]


# The actions --------------------------------------------------------------------------------------------------------

@transaction.atomic
def suggestion_confirm(*, event_id: int, user, changes: dict | None = None, revision: int | None = None) -> ReviewResult:
    """Confirm a suggestion, after applying the editor's `changes` when given (edit then confirm in one step).

    Changes the event (status `confirmed`, revision +1, reviewed_by/at, the edited
    fields and participants), its new actors (confirmed, corrected, or linked to a
    known actor, which moves their participations in other suggestions too, each
    with an `edit` action), and appends a `confirmed` change to the feed. Writes one
    `confirm` action. `changes` keys: type_id, summary, date, date_min, date_max,
    date_precision, location, participants [{side, country_id, actor_id, text}],
    new_actors {actor_id: {name, country_id} | {link_to}}. `revision`, when given,
    must match the event's (the editor saw the current version).

    Already confirmed: a no-op, unless `changes` would alter it (ReviewConflict: reopen first).
    Rejected or merged: ReviewConflict. Bad changes: ReviewInvalid.
    """
    def step(event: Event) -> ReviewResult | None:
        if event.status == Status.CONFIRMED:
            plan = _plan(event, changes)
            if plan.fields or plan.participants is not None or plan.new_actors:
                raise _conflict(event, "edit", "Reopen it to change it.")
            return _unchanged(event, Action.CONFIRM)
        if event.status != Status.SUGGESTED:
            raise _conflict(event, "confirm", "Reopen it first." if event.status == Status.REJECTED else "")
        _check_revision(event, revision, "confirm")
        plan = _plan(event, changes)
        before = event_snapshot(event)
        if not _transition(event, to=Status.CONFIRMED, user=user, **plan.fields):
            return None
        if plan.participants is not None:
            _participants_apply(event, plan.participants)
        others = _actors_settle(event.pk, plan.new_actors, user)
        after = _record(event_id=event.pk, user=user, action=Action.CONFIRM, before=before)
        change_record(event_id=event.pk, kind=EventChange.Kind.CONFIRMED)
        edited = "edited and confirmed" if plan.fields or plan.participants is not None or plan.new_actors else "confirmed"
        return ReviewResult(event_id=event.pk, action=Action.CONFIRM, changed=True, status=Status.CONFIRMED,
                            revision=after["revision"], message=f"Event #{event.pk} {edited}.",
                            changed_event_ids=(event.pk, *others))

    return _attempt(event_id, step)


@transaction.atomic
def suggestion_reject(*, event_id: int, user, reason: str, revision: int | None = None) -> ReviewResult:
    """Reject a suggestion with a reason: status `rejected`, revision +1, reviewed_by/at, one `reject` action.

    Only that event changes; it stays in the database. Already rejected: a no-op.
    Confirmed or merged: ReviewConflict (reopen a confirmed event first). Empty reason: ReviewInvalid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReviewInvalid("Give a reason for rejecting.", errors={"reason": "Choose or write a reason."})

    def step(event: Event) -> ReviewResult | None:
        if event.status == Status.REJECTED:
            return _unchanged(event, Action.REJECT)
        if event.status != Status.SUGGESTED:
            raise _conflict(event, "reject", "Reopen it first." if event.status == Status.CONFIRMED else "")
        _check_revision(event, revision, "reject")
        before = event_snapshot(event)
        if not _transition(event, to=Status.REJECTED, user=user):
            return None
        after = _record(event_id=event.pk, user=user, action=Action.REJECT, before=before, reason=reason)
        return ReviewResult(event_id=event.pk, action=Action.REJECT, changed=True, status=Status.REJECTED,
                            revision=after["revision"], message=f"Event #{event.pk} rejected.", changed_event_ids=(event.pk,))

    return _attempt(event_id, step)


@transaction.atomic
def event_merge(*, event_id: int, into_id: int, user, revision: int | None = None) -> ReviewResult:
    """Merge a suggested (or confirmed) event into a suggested or confirmed survivor.

    Locks both rows (in id order, so two opposite merges cannot deadlock). The
    merged event becomes `merged` with `merged_into`, revision +1, reviewed_by/at;
    its evidence moves to the survivor, except quotes the survivor already has
    (they stay, nothing is deleted); its participants stay for history. The
    survivor's revision moves too. Writes a `merge` action on both events; the
    feed gets `merged` for a merged confirmed event and `edited` for a confirmed
    survivor. Already merged into that survivor: a no-op. Into itself, into a
    rejected or merged event, or from a rejected one: ReviewConflict.
    """
    if event_id == into_id:
        raise ReviewConflict(f"Cannot merge event #{event_id} into itself.",
                             event=Event.objects.select_related("reviewed_by").get(pk=event_id))
    # Lock both in id order before reading either, so two crossing merges queue instead of deadlocking.
    locked = set(Event.objects.select_for_update().filter(pk__in=[event_id, into_id]).order_by("pk").values_list("pk", flat=True))
    if into_id not in locked:
        raise Event.DoesNotExist(f"no event #{into_id}")
    survivor = _event_get(into_id)

    def step(event: Event) -> ReviewResult | None:
        if event.status == Status.MERGED and event.merged_into_id == into_id:
            return _unchanged(event, Action.MERGE)
        if event.status not in (Status.SUGGESTED, Status.CONFIRMED):
            raise _conflict(event, "merge", "Reopen it first." if event.status == Status.REJECTED else "")
        if survivor.status not in (Status.SUGGESTED, Status.CONFIRMED):
            hint = f"Merge into event #{survivor.merged_into_id} instead." if survivor.merged_into_id else ""
            raise ReviewConflict(f"Cannot merge into event #{survivor.pk}: it is {_describe(survivor)}. {hint}".strip(),
                                 event=survivor)
        _check_revision(event, revision, "merge")
        before, survivor_before = event_snapshot(event), event_snapshot(survivor)
        if not _transition(event, to=Status.MERGED, user=user, merged_into_id=into_id):
            return None
        moved = _evidence_move(from_id=event.pk, to_id=into_id)
        Event.objects.filter(pk=into_id).update(revision=F("revision") + 1, updated_at=timezone.now())
        after = _record(event_id=event.pk, user=user, action=Action.MERGE, before=before, evidence_moved=moved,
                        reason=f"merged into event #{into_id}")
        _record(event_id=into_id, user=user, action=Action.MERGE, before=survivor_before, absorbed=event.pk,
                evidence_moved=moved, reason=f"event #{event.pk} merged into this one")
        if before["status"] == Status.CONFIRMED:
            change_record(event_id=event.pk, kind=EventChange.Kind.MERGED, merged_into_id=into_id)
        if survivor.status == Status.CONFIRMED:
            change_record(event_id=into_id, kind=EventChange.Kind.EDITED)
        return ReviewResult(event_id=event.pk, action=Action.MERGE, changed=True, status=Status.MERGED,
                            revision=after["revision"], changed_event_ids=(event.pk, into_id), evidence_moved=tuple(moved),
                            message=f"Event #{event.pk} merged into #{into_id} ({len(moved)} quote{'s' * (len(moved) != 1)} moved).")

    return _attempt(event_id, step)


def _evidence_move(*, from_id: int, to_id: int) -> list[int]:
    """Move evidence to the survivor, skipping quotes it already has (unique on event, article, quote_start)."""
    already = Evidence.objects.filter(event_id=to_id, article_id=OuterRef("article_id"), quote_start=OuterRef("quote_start"))
    movable = Evidence.objects.filter(event_id=from_id).exclude(Exists(already))
    ids = list(movable.order_by("pk").values_list("pk", flat=True))
    Evidence.objects.filter(pk__in=ids).update(event_id=to_id)
    return ids


@transaction.atomic
def event_reopen(*, event_id: int, user, reason: str) -> ReviewResult:
    """Send a confirmed or rejected event back to the queue as `suggested` (editors only; the views check).

    Revision +1, reviewed_by/at set to the editor who reopened it, one `reopen`
    action with the reason; a confirmed event leaves the public record, so the
    feed gets `retracted`. Already suggested: a no-op. Merged: ReviewConflict
    (its evidence has moved). Empty reason: ReviewInvalid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReviewInvalid("Say why you reopen it.", errors={"reason": "Write a reason."})

    def step(event: Event) -> ReviewResult | None:
        if event.status == Status.SUGGESTED:
            return _unchanged(event, Action.REOPEN)
        if event.status == Status.MERGED:
            raise _conflict(event, "reopen", "Its evidence has moved; review the surviving event instead.")
        before = event_snapshot(event)
        if not _transition(event, to=Status.SUGGESTED, user=user):
            return None
        after = _record(event_id=event.pk, user=user, action=Action.REOPEN, before=before, reason=reason)
        if before["status"] == Status.CONFIRMED:
            change_record(event_id=event.pk, kind=EventChange.Kind.RETRACTED)
        return ReviewResult(event_id=event.pk, action=Action.REOPEN, changed=True, status=Status.SUGGESTED,
                            revision=after["revision"], message=f"Event #{event.pk} reopened: it is back in the queue.",
                            changed_event_ids=(event.pk,))

    return _attempt(event_id, step)


@transaction.atomic
def suggestions_reject_bulk(*, event_ids: Iterable[int], user, reason: str) -> BulkRejectResult:
    """Reject many suggestions with one reason, in a fixed number of queries.

    Locks the rows (id order), rejects those still suggested in one conditional
    update (revision +1, reviewed_by/at) and writes one `reject` action each.
    Already rejected: listed as unchanged; confirmed or merged: listed as
    conflicts with their status; unknown ids: listed as missing. Empty reason: ReviewInvalid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReviewInvalid("Give a reason for rejecting.", errors={"reason": "Choose or write a reason."})
    wanted = sorted(set(event_ids))
    result = BulkRejectResult()
    events = {e.pk: e for e in _events(lock=True).filter(pk__in=wanted).order_by("pk")}
    result.missing = [pk for pk in wanted if pk not in events]
    pending = [e for e in events.values() if e.status == Status.SUGGESTED]
    for event in events.values():
        if event.status == Status.REJECTED:
            result.unchanged.append(event.pk)
        elif event.status != Status.SUGGESTED:
            result.conflicts[event.pk] = event.status
    if not pending:
        return result
    now = timezone.now()
    Event.objects.filter(pk__in=[e.pk for e in pending], status=Status.SUGGESTED).update(
        status=Status.REJECTED, reviewed_by=user, reviewed_at=now, updated_at=now, revision=F("revision") + 1)
    actions = []
    for event in pending:  # rows are locked: the update above applied to every one of them
        before = event_snapshot(event)
        after = {**before, "status": Status.REJECTED, "revision": event.revision + 1}
        actions.append(ReviewAction(event_id=event.pk, user=user, action=Action.REJECT, before=before, after=after, reason=reason))
    ReviewAction.objects.bulk_create(actions)
    result.rejected = [e.pk for e in pending]
    return result


# New actors on their own (the queue settles them inside suggestion_confirm) -------------------------------------------

@transaction.atomic
def actor_confirm(*, actor_id: int, user, name: str = "", country_id: int | None = None) -> list[int]:
    """Confirm an actor the engine proposed, optionally correcting its name and country.

    Changes the actor (verified), and each suggested event it takes part in gets
    revision +1 and an `edit` action. A verified actor: a no-op. Returns the events changed.
    """
    correction = {key: value for key, value in (("name", (name or "").strip()[:200]), ("country_id", country_id)) if value}
    events = list(_events(lock=True).filter(status=Status.SUGGESTED, pk__in=_taking_part(actor_id)).order_by("pk"))
    befores = {e.pk: event_snapshot(e) for e in events}
    if not Actor.objects.filter(pk=actor_id, verified=False).update(verified=True, **correction):
        Actor.objects.get(pk=actor_id)  # DoesNotExist when there is none; verified already otherwise
        return []
    _gazetteer_changed()
    for event in events:
        Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
        _record(event_id=event.pk, user=user, action=Action.EDIT, before=befores[event.pk], reason="new actor confirmed")
    return [e.pk for e in events]


@transaction.atomic
def actor_link(*, actor_id: int, into_id: int, user) -> list[int]:
    """Say that an actor the engine proposed is a known actor: its participations in suggested events
    move to the known actor (revision +1 and an `edit` action each) and the known actor gains the
    proposed name as an alias, so the engine recognises it next time. The proposed actor stays,
    unverified, for the history of rejected and merged events. Returns the events changed."""
    proposed = Actor.objects.select_for_update().get(pk=actor_id)
    target = Actor.objects.get(pk=into_id)
    if proposed.verified or not target.verified or target.pk == proposed.pk:
        raise ReviewInvalid("Link a new (unverified) actor to a different, verified actor.",
                            errors={"into": "Choose a known actor."})
    return _actor_repoint(proposed_id=actor_id, target_id=into_id, user=user, except_event=None)

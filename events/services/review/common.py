"""What every review action shares: the errors, the results, the snapshots
written to ReviewAction, and the conditional update with its retry loop."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.utils import timezone

from ...models import Event, Participant, ReviewAction

Status = Event.Status
Action = ReviewAction.Action

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

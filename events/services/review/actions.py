"""The review actions on an event: confirm (with the editor's edits), reject,
merge, reopen, and reject many at once."""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from ...models import Event, EventChange, Evidence, ReviewAction
from ..changes import change_record
from .actors import _actors_settle
from .common import (
    Action, BulkRejectResult, ReviewConflict, ReviewInvalid, ReviewResult, Status, _attempt, _check_revision,
    _conflict, _describe, _event_get, _events, _record, _transition, _unchanged, event_snapshot,
)
from .edits import _participants_apply, _plan

REJECT_REASONS = [
    ("not_an_event", "Not a diplomatic event"),
    ("misread", "The article does not say this"),
    ("duplicate", "Duplicate of another event"),
    ("opinion", "Opinion or speculation, not a reported fact"),
    ("out_of_scope", "Out of scope"),
    ("other", "Other (explain)"),
]


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

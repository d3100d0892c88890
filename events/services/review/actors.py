"""New actors the engine proposed: confirmed (perhaps corrected) or linked to a
known actor, inside suggestion_confirm or on their own."""
from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ...models import Actor, Alias, Event, Participant
from .common import Action, ReviewInvalid, Status, _events, _record, event_snapshot

# Settling them (suggestion_confirm calls _actors_settle) ------------------------------------------------------------

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
    from ...engine import reference_changed

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

"""An editor's changes to an event, checked against the record's rules and
planned before anything is written: the fields, the participants, the new actors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...models import MAX_RANGE, Actor, Country, Event, EventType, Participant
from .common import ReviewInvalid, Status

EDITABLE = ("type_id", "summary", "date", "date_min", "date_max", "date_precision", "location")
CHANGE_KEYS = frozenset(EDITABLE) | {"participants", "new_actors"}


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
    if high - low > MAX_RANGE:
        raise ReviewInvalid("An event's dates may span a year at most.",
                            errors={"date_min": "Narrow the range to a year or less."})
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
    return _Plan(fields=_with_type_codes(_plan_fields(event, changes)), participants=participants,
                 new_actors=_plan_new_actors(event, changes.get("new_actors") or {}))


def _with_type_codes(fields: dict) -> dict:
    """A new type brings its codes: the engine's finer code belonged to the type the editor corrected."""
    if "type_id" not in fields:
        return fields
    codes = EventType.objects.filter(pk=fields["type_id"]).values("cameo", "plover", "plover_mode").get()
    return {**fields, **codes}


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


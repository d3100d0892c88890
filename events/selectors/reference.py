"""Reference data as the engine and the pages read it: office holders by date,
the gazetteer, the event taxonomy."""
from django.db.models import Q

from ..models import Actor, Alias, Country, EventType, Role


def office_holder(*, office: str, place: str, on) -> Actor | None:
    """The person who held `office` for a country or organisation code on a day
    ("the Prime Minister" of GB on 2021-06-01). The latest start wins on a handover day."""
    role = (
        Role.objects.filter(office=office, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .filter(Q(country__code=place) | Q(organisation__code=place))
        .select_related("actor")
        .order_by("-start")
        .first()
    )
    return role.actor if role else None


def gazetteer_data() -> dict:
    """The reference data as the plain dict the suggestion engine compiles:
    countries, organisations, actors with their active aliases, and roles."""
    aliases: dict[tuple[str, int], list[dict]] = {}
    for country_id, actor_id, text, kind in Alias.objects.filter(active=True).values_list("country_id", "actor_id", "text", "kind"):
        key = ("country", country_id) if country_id else ("actor", actor_id)
        aliases.setdefault(key, []).append({"text": text, "kind": kind})

    def terms(key, name):
        words = aliases.get(key, [])
        return words if any(w["text"] == name for w in words) else [{"text": name, "kind": "name"}, *words]

    countries = [
        {"code": c.code, "name": c.name, "leader": c.leader_office, "terms": terms(("country", c.id), c.name)}
        for c in Country.objects.all()
    ]
    organisations, actors = [], []
    for actor in Actor.objects.select_related("country"):
        if actor.kind == Actor.Kind.ORGANISATION:
            organisations.append({"code": actor.code, "name": actor.name, "terms": terms(("actor", actor.id), actor.name)})
            continue
        actors.append({
            "id": actor.id, "kind": actor.kind, "name": actor.name, "code": actor.entity_code or None,
            "country": actor.country.code if actor.country_id else None,
            "terms": [t for t in aliases.get(("actor", actor.id), []) if t["text"] != actor.name],
        })
    roles = [
        {"actor_id": r.actor_id, "office": r.office, "title": r.title, "of": r.country.code if r.country_id else r.organisation.code,
         "start": r.start.isoformat(), "end": r.end.isoformat() if r.end else None}
        for r in Role.objects.select_related("country", "organisation")
    ]
    return {"countries": countries, "organisations": organisations, "actors": actors, "roles": roles}


def event_type_rows() -> list[dict]:
    """The taxonomy as plain rows for the engine."""
    return list(EventType.objects.values("slug", "name", "plover", "plover_mode", "cameo", "goldstein", "directed"))

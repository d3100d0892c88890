"""Reference data as the engine and the pages read it: office holders by date,
the gazetteer, the event taxonomy."""
from django.db.models import Q

from ..extraction.reference import engine_office
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


def _active_aliases() -> dict[tuple[str, int], list[dict]]:
    """("country" or "actor", id) -> its active aliases as engine terms, in the order they were loaded."""
    aliases: dict[tuple[str, int], list[dict]] = {}
    rows = Alias.objects.filter(active=True).order_by("id").values_list("country_id", "actor_id", "text", "kind")
    for country_id, actor_id, text, kind in rows:
        key = ("country", country_id) if country_id else ("actor", actor_id)
        aliases.setdefault(key, []).append({"text": text, "kind": kind})
    return aliases


def _terms(aliases: dict, key: tuple[str, int], name: str) -> list[dict]:
    words = aliases.get(key, [])
    return words if any(w["text"] == name for w in words) else [{"text": name, "kind": "name"}, *words]


def _actor_entries(aliases: dict, country_codes: dict) -> tuple[list[dict], list[dict], dict[int, str]]:
    """Organisations, the other actors, and organisation id -> code; in the order they were loaded."""
    organisations, actors, organisation_codes = [], [], {}
    for actor_id, kind, name, code, country_id in Actor.objects.order_by("id").values_list(
            "id", "kind", "name", "code", "country_id"):
        if kind == Actor.Kind.ORGANISATION:
            organisation_codes[actor_id] = code
            organisations.append({"code": code, "name": name, "terms": _terms(aliases, ("actor", actor_id), name)})
            continue
        country = country_codes.get(country_id)
        actors.append({
            "id": actor_id, "kind": kind, "name": name, "code": code or country or None, "country": country,
            "terms": [t for t in aliases.get(("actor", actor_id), []) if t["text"] != name],
        })
    return organisations, actors, organisation_codes


def gazetteer_data() -> dict:
    """The reference data as the plain dict the suggestion engine compiles:
    countries, organisations, actors with their active aliases, and roles.

    The same dict as extraction.reference.gazetteer_data_from_files gives for the
    folder load_reference read (tests/test_reference_pipeline.py): actors and
    roles come in the order they were loaded, which is the files' order.
    """
    aliases = _active_aliases()
    countries = [
        {"code": c.code, "name": c.name, "leader": c.leader_office, "terms": _terms(aliases, ("country", c.id), c.name)}
        for c in Country.objects.all()
    ]
    country_codes = {c.id: c.code for c in Country.objects.only("id", "code")}
    organisations, actors, organisation_codes = _actor_entries(aliases, country_codes)
    roles = [
        {"actor_id": actor_id, "office": engine_office(office), "title": title,
         "of": country_codes[country_id] if country_id else organisation_codes.get(organisation_id),
         "start": start.isoformat(), "end": end.isoformat() if end else None}
        for actor_id, office, title, country_id, organisation_id, start, end in Role.objects.order_by("id").values_list(
            "actor_id", "office", "title", "country_id", "organisation_id", "start", "end")
    ]
    return {"countries": countries, "organisations": organisations, "actors": actors, "roles": roles}


def event_type_rows() -> list[dict]:
    """The taxonomy as plain rows for the engine, in the shape of extraction.reference.read_event_types."""
    rows = EventType.objects.values("slug", "name", "plover", "plover_mode", "cameo", "goldstein", "directed",
                                    "cameo_codes", "headline")
    return [{**row, "cameo_codes": row["cameo_codes"].split()} for row in rows]

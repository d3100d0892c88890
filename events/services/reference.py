"""Loading the reference data: countries, organisations, people and roles, event types."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ..extraction.reference import pycountry_entries
from ..models import Actor, Alias, Country, EventType, Role

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
PHOENIX_FILE = "phoenix_people.json"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # figures of a whole file ("Phoenix people: ... loaded")
    progress: Callable[[str], None] = lambda _: None

    def add(self, what: str, count: int) -> None:
        self.created[what] = self.created.get(what, 0) + count

    def summary(self) -> str:
        parts = ", ".join(f"{count:,} {what}" for what, count in self.created.items())
        return f"created {parts}" if any(self.created.values()) else "nothing to create: reference data already loaded"


def _read_json(directory: Path, name: str) -> list[dict]:
    with open(directory / name, encoding="utf-8") as handle:
        return json.load(handle)


def _aliases_create(owner: str, wanted: dict[int, list[tuple[str, str]]], report: LoadReport,
                    what: str = "aliases") -> None:
    """Create the (text, kind) aliases missing for each owner id; never touch existing ones,
    so an editor's change (or an alias silenced with active=False) survives a reload.

    Case counts: "NATO" and "Nato" are two aliases when the file holds both (the engine
    matches an acronym only in capitals). A text in the database that the file lacks
    but for its case is an editor's re-casing, and the file's spelling is not added back.
    """
    existing = defaultdict(set)
    for owner_id, text in Alias.objects.filter(**{f"{owner}__in": wanted}).values_list(f"{owner}_id", "text"):
        existing[owner_id].add(text)
    rows = []
    for owner_id, words in wanted.items():
        have, texts = existing[owner_id], {text for text, _ in words}
        recased = {text.casefold() for text in have if text not in texts}
        for text, kind in words:
            if text not in have and text.casefold() not in recased:
                have.add(text)
                rows.append(Alias(**{f"{owner}_id": owner_id}, text=text, kind=kind, origin=Alias.Origin.REFERENCE))
    Alias.objects.bulk_create(rows, batch_size=5000)
    report.add(what, len(rows))


def countries_load(*, directory: Path, report: LoadReport) -> None:
    """Every ISO 3166-1 country from pycountry, then the curated words that point at them."""
    import pycountry

    curated = {row["code"]: row for row in _read_json(directory, "countries.json")}
    # the names the engine's file reader gives the others ("Micronesia"), so both read the same
    others = {entry["code"]: entry for entry in pycountry_entries(set(curated))}
    existing = set(Country.objects.values_list("code", flat=True))
    rows = []
    for entry in pycountry.countries:
        if entry.alpha_2 in existing:
            continue
        name = (curated.get(entry.alpha_2) or others.get(entry.alpha_2) or {}).get("name") \
            or getattr(entry, "common_name", None) or entry.name
        rows.append(Country(code=entry.alpha_2, code3=entry.alpha_3, name=name, official_name=getattr(entry, "official_name", "")))
        existing.add(entry.alpha_2)
    for code, row in curated.items():  # codes ISO leaves to user assignment, such as XK for Kosovo
        if code not in existing:
            rows.append(Country(code=code, name=row["name"]))
            existing.add(code)
    for country in rows:
        country.leader_office = curated.get(country.code, {}).get("leader", Country._meta.get_field("leader_office").default)
    Country.objects.bulk_create(rows)
    report.add("countries", len(rows))

    ids = dict(Country.objects.values_list("code", "id"))
    wanted = {}
    for code, row in curated.items():
        words = [(row["name"], Alias.Kind.NAME)]
        words += [(text, Alias.Kind.ALIAS) for text in row.get("aliases", [])]
        words += [(text, Alias.Kind.DEMONYM) for text in row.get("demonyms", [])]
        words += [(text, Alias.Kind.METONYM) for text in row.get("metonyms", [])]
        wanted[ids[code]] = words
    for code, entry in others.items():
        wanted[ids[code]] = [(term["text"], Alias.Kind.NAME) for term in entry["terms"]]
    _aliases_create("country", wanted, report)


def _actors_create(specs: list[dict], report: LoadReport, what: str = "actors") -> dict[str, int]:
    """Create the actors whose slug is missing; return every spec's slug -> id."""
    slugs = [spec["slug"] for spec in specs]
    existing = dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "id"))
    rows = [Actor(**spec) for spec in specs if spec["slug"] not in existing]
    Actor.objects.bulk_create(rows, batch_size=5000)
    report.add(what, len(rows))
    return dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "id"))


def organisations_load(*, directory: Path, report: LoadReport) -> None:
    """International organisations and the bodies that act for them (Frontex for the EU)."""
    organisations = _read_json(directory, "organisations.json")
    specs = [{"slug": slugify(org["code"]), "name": org["name"], "kind": Actor.Kind.ORGANISATION, "code": org["code"],
              "source": Actor.Source.REFERENCE} for org in organisations]
    org_ids = _actors_create(specs, report)
    body_specs, wanted = [], {}
    for org in organisations:
        for body in org.get("bodies", []):
            body_specs.append({"slug": slugify(body["name"]), "name": body["name"], "kind": Actor.Kind.BODY,
                               "code": org["code"], "parent_id": org_ids[slugify(org["code"])],
                               "source": Actor.Source.REFERENCE})
    body_ids = _actors_create(body_specs, report)
    for org in organisations:
        wanted[org_ids[slugify(org["code"])]] = [(org["name"], Alias.Kind.NAME)] + [(a, Alias.Kind.ALIAS) for a in org.get("aliases", [])]
        for body in org.get("bodies", []):
            wanted[body_ids[slugify(body["name"])]] = [(a, Alias.Kind.ALIAS) for a in body.get("aliases", [])]
    _aliases_create("actor", wanted, report)


def _places() -> tuple[dict[str, int], dict[str, int]]:
    """Country code -> id, and organisation code -> id."""
    organisations = Actor.objects.filter(kind=Actor.Kind.ORGANISATION).values_list("code", "id")
    return dict(Country.objects.values_list("code", "id")), dict(organisations)


def _person_spec(person: dict, countries: dict[str, int], source: str, slug: str | None = None) -> dict:
    """An actor from a people file's row; `organisation` is the code of the organisation
    that someone known only through it stands for (a Phoenix entry with no country)."""
    return {"slug": slug or slugify(person["name"]), "name": person["name"], "kind": Actor.Kind.PERSON,
            "source": source, "country_id": countries.get(person.get("country") or ""), "code": person.get("organisation") or ""}


def _roles_create(wanted: list[tuple[int, dict]], countries: dict, organisations: dict) -> int:
    """Create the roles, given as (actor id, role row of a people file), that the database lacks."""
    existing = set(Role.objects.values_list("actor_id", "office", "country_id", "organisation_id", "start"))
    rows = []
    for actor_id, role in wanted:
        place = role["of"]
        # AU is Australia and the African Union: an organisation only for its own offices
        at_org = role["office"] == "head_of_organisation" or place not in countries
        key = (actor_id, role["office"], None if at_org else countries.get(place),
               organisations.get(place) if at_org else None, dt.date.fromisoformat(role["start"]))
        if key in existing or (key[2] is None and key[3] is None):
            continue
        existing.add(key)
        rows.append(Role(actor_id=key[0], office=key[1], country_id=key[2], organisation_id=key[3], start=key[4],
                         end=dt.date.fromisoformat(role["end"]) if role.get("end") else None, title=role["title"]))
    Role.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def people_load(*, directory: Path, report: LoadReport) -> None:
    """People and the offices they held, so that titles resolve by date."""
    people = _read_json(directory, "people.json")
    countries, organisations = _places()
    ids = _actors_create([_person_spec(p, countries, Actor.Source.REFERENCE) for p in people], report)
    _aliases_create("actor", {ids[slugify(p["name"])]: [(a, Alias.Kind.ALIAS) for a in p.get("aliases", [])] for p in people}, report)
    wanted = [(ids[slugify(person["name"])], role) for person in people for role in person.get("roles", [])]
    report.add("roles", _roles_create(wanted, countries, organisations))


def _phoenix_state(name, country, organisation, aliases, roles) -> tuple:
    return (name, country or None, organisation or None, frozenset(aliases), frozenset(roles))


def _phoenix_file_state(people: dict[str, dict]) -> dict[str, tuple]:
    """slug -> what the file says of each person: name, country, organisation, aliases, roles."""
    return {slug: _phoenix_state(p["name"], p.get("country"), p.get("organisation"), p["aliases"],
                                 [(r["title"], r["of"], r["start"], r["end"]) for r in p["roles"]])
            for slug, p in people.items()}


def _phoenix_database_state() -> dict[str, tuple]:
    """slug -> the same of each Phoenix person in the database (active aliases only)."""
    aliases, roles = defaultdict(list), defaultdict(list)
    phoenix = {"actor__source": Actor.Source.PHOENIX}
    for actor_id, text in Alias.objects.filter(active=True, **phoenix).values_list("actor_id", "text"):
        aliases[actor_id].append(text)
    rows = Role.objects.filter(**phoenix).values_list(
        "actor_id", "title", "country__code", "organisation__code", "start", "end")
    for actor_id, title, country, organisation, start, end in rows:
        roles[actor_id].append((title, country or organisation, start.isoformat(), end.isoformat() if end else None))
    actors = Actor.objects.filter(source=Actor.Source.PHOENIX).values_list(
        "id", "slug", "name", "country__code", "code")
    return {slug: _phoenix_state(name, country, code, aliases[pk], roles[pk])
            for pk, slug, name, country, code in actors}


def phoenix_people_load(*, directory: Path, report: LoadReport) -> None:
    """People of the Phoenix actor dictionaries (phoenix_people.json) with their aliases and dated roles.

    A person is created whole, the first time only. After that the database is the
    record: a person it holds is left as it is, and counted as kept as edited when it
    no longer matches the file (an admin renamed them, or changed an alias or a role).
    A name that an actor from another source already has is skipped.
    """
    if not (directory / PHOENIX_FILE).exists():
        return
    people = {slugify(person["name"]): person for person in _read_json(directory, PHOENIX_FILE)}
    sources = dict(Actor.objects.values_list("slug", "source"))
    new = {slug: person for slug, person in people.items() if slug not in sources}
    loaded = {slug: person for slug, person in people.items() if sources.get(slug) == Actor.Source.PHOENIX}
    report.progress(f"  {len(people):,} in {PHOENIX_FILE}: {len(new):,} to create")
    held = _phoenix_database_state() if loaded else {}
    edited = sum(1 for slug, state in _phoenix_file_state(loaded).items() if held.get(slug) != state)
    if new:
        _phoenix_create(new, report)
    taken = len(people) - len(new) - len(loaded)
    skipped = f", {taken:,} skipped: name taken" if taken else ""
    report.lines.append(f"Phoenix people: {len(people):,} loaded ({len(new):,} new, "
                        f"{len(loaded) - edited:,} unchanged, {edited:,} kept as edited{skipped})")


def _phoenix_create(people: dict[str, dict], report: LoadReport) -> None:
    countries, organisations = _places()
    specs = [_person_spec(person, countries, Actor.Source.PHOENIX, slug) for slug, person in people.items()]
    ids = _actors_create(specs, report, "Phoenix people")
    report.progress(f"  {len(people):,} people created; their aliases and roles next")
    aliases = {ids[slug]: [(text, Alias.Kind.ALIAS) for text in person["aliases"]] for slug, person in people.items()}
    _aliases_create("actor", {owner: words for owner, words in aliases.items() if words}, report, "Phoenix aliases")
    wanted = [(ids[slug], role) for slug, person in people.items() for role in person["roles"]]
    report.add("Phoenix roles", _roles_create(wanted, countries, organisations))


EVENT_TYPE_FILLED = ("cameo_codes", "headline")  # columns added after the first taxonomy was loaded


def event_types_load(*, directory: Path, report: LoadReport) -> None:
    """The event taxonomy: PLOVER family, CAMEO code and codes covered, Goldstein weight, headline per type.

    Creates the missing types. On a type that exists, only fills its CAMEO codes and
    headline while they are blank (a database loaded before those columns existed):
    a value an admin has written is never replaced.
    """
    existing = {kind.slug: kind for kind in EventType.objects.all()}
    rows, filled = [], []
    with open(directory / "event_types.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            wanted = {name: (row.get(name) or "").strip() for name in EVENT_TYPE_FILLED}
            if row["slug"] in existing:
                kind = existing[row["slug"]]
                blanks = {name: value for name, value in wanted.items() if value and not getattr(kind, name)}
                if blanks:
                    filled.append(kind)
                    for name, value in blanks.items():
                        setattr(kind, name, value)
                continue
            rows.append(EventType(
                slug=row["slug"], name=row["name"], description=row["examples"], plover=row["plover"],
                plover_mode=row["plover_mode"], cameo=row["cameo"],
                goldstein=float(row["goldstein"]) if row["goldstein"] else None, directed=row["directed"] == "yes",
                **wanted,
            ))
    EventType.objects.bulk_create(rows)
    EventType.objects.bulk_update(filled, EVENT_TYPE_FILLED)
    report.add("event types", len(rows))
    report.add("event types given their CAMEO codes or headline", len(filled))


REFERENCE_STEPS: list[tuple[str, Callable]] = [
    ("countries", countries_load),
    ("organisations", organisations_load),
    ("people and roles", people_load),
    ("Phoenix people and roles", phoenix_people_load),
    ("event types", event_types_load),
]


@transaction.atomic
def reference_load(*, directory: Path = REFERENCE_DIR, progress: Callable[[str], None] = lambda _: None) -> LoadReport:
    """Load countries, organisations, people with roles and event types.

    Creates what is missing and never deletes a row or overwrites a value that
    exists (it only fills an event type's blank CAMEO codes and headline), so
    running it twice changes nothing and an admin's edits survive a reload.
    """
    report = LoadReport(progress=progress)
    for number, (label, step) in enumerate(REFERENCE_STEPS, start=1):
        progress(f"[{number}/{len(REFERENCE_STEPS)}] {label}")
        step(directory=directory, report=report)
    if any(report.created.values()):
        from ..engine import reference_changed  # bulk_create sends no signals

        transaction.on_commit(reference_changed)
    return report


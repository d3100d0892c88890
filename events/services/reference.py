"""Loading the reference data: countries, organisations, people and roles, event types."""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ..models import Actor, Alias, Country, EventType, Role

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.created[what] = self.created.get(what, 0) + count

    def summary(self) -> str:
        parts = ", ".join(f"{count} {what}" for what, count in self.created.items())
        return f"created {parts}" if any(self.created.values()) else "nothing to create: reference data already loaded"


def _read_json(directory: Path, name: str) -> list[dict]:
    with open(directory / name, encoding="utf-8") as handle:
        return json.load(handle)


def _aliases_create(owner: str, wanted: dict[int, list[tuple[str, str]]], report: LoadReport) -> None:
    """Create the (text, kind) aliases missing for each owner id; never touch existing ones,
    so an editor's change (or an alias silenced with active=False) survives a reload."""
    existing = {(row[0], row[1].casefold()) for row in Alias.objects.filter(**{f"{owner}__in": wanted}).values_list(f"{owner}_id", "text")}
    rows = []
    for owner_id, words in wanted.items():
        for text, kind in words:
            key = (owner_id, text.casefold())
            if key not in existing:
                existing.add(key)
                rows.append(Alias(**{f"{owner}_id": owner_id}, text=text, kind=kind, origin=Alias.Origin.REFERENCE))
    Alias.objects.bulk_create(rows)
    report.add("aliases", len(rows))


def countries_load(*, directory: Path, report: LoadReport) -> None:
    """Every ISO 3166-1 country from pycountry, then the curated words that point at them."""
    import pycountry

    curated = {row["code"]: row for row in _read_json(directory, "countries.json")}
    existing = set(Country.objects.values_list("code", flat=True))
    rows = []
    for entry in pycountry.countries:
        if entry.alpha_2 in existing:
            continue
        name = curated.get(entry.alpha_2, {}).get("name") or getattr(entry, "common_name", None) or entry.name
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
    _aliases_create("country", wanted, report)


def _actors_create(specs: list[dict], report: LoadReport) -> dict[str, int]:
    """Create the actors whose slug is missing; return every spec's slug -> id."""
    slugs = [spec["slug"] for spec in specs]
    existing = dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "id"))
    rows = [Actor(**spec) for spec in specs if spec["slug"] not in existing]
    Actor.objects.bulk_create(rows)
    report.add("actors", len(rows))
    return dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "id"))


def organisations_load(*, directory: Path, report: LoadReport) -> None:
    """International organisations and the bodies that act for them (Frontex for the EU)."""
    organisations = _read_json(directory, "organisations.json")
    specs = [{"slug": slugify(org["code"]), "name": org["name"], "kind": Actor.Kind.ORGANISATION, "code": org["code"]}
             for org in organisations]
    org_ids = _actors_create(specs, report)
    body_specs, wanted = [], {}
    for org in organisations:
        for body in org.get("bodies", []):
            body_specs.append({"slug": slugify(body["name"]), "name": body["name"], "kind": Actor.Kind.BODY,
                               "code": org["code"], "parent_id": org_ids[slugify(org["code"])]})
    body_ids = _actors_create(body_specs, report)
    for org in organisations:
        wanted[org_ids[slugify(org["code"])]] = [(org["name"], Alias.Kind.NAME)] + [(a, Alias.Kind.ALIAS) for a in org.get("aliases", [])]
        for body in org.get("bodies", []):
            wanted[body_ids[slugify(body["name"])]] = [(a, Alias.Kind.ALIAS) for a in body.get("aliases", [])]
    _aliases_create("actor", wanted, report)


def people_load(*, directory: Path, report: LoadReport) -> None:
    """People and the offices they held, so that titles resolve by date."""
    people = _read_json(directory, "people.json")
    countries = dict(Country.objects.values_list("code", "id"))
    organisations = dict(Actor.objects.filter(kind=Actor.Kind.ORGANISATION).values_list("code", "id"))
    specs = [{"slug": slugify(person["name"]), "name": person["name"], "kind": Actor.Kind.PERSON,
              "country_id": countries.get(person.get("country") or "")} for person in people]
    ids = _actors_create(specs, report)
    _aliases_create("actor", {ids[slugify(p["name"])]: [(a, Alias.Kind.ALIAS) for a in p.get("aliases", [])] for p in people}, report)

    existing = set(Role.objects.values_list("actor_id", "office", "country_id", "organisation_id", "start"))
    rows = []
    for person in people:
        for role in person.get("roles", []):
            place = role["of"]
            # AU is Australia and the African Union: an organisation only for its own offices
            at_org = role["office"] == "head_of_organisation" or place not in countries
            key = (ids[slugify(person["name"])], role["office"], None if at_org else countries.get(place),
                   organisations.get(place) if at_org else None, dt.date.fromisoformat(role["start"]))
            if key in existing or (key[2] is None and key[3] is None):
                continue
            existing.add(key)
            rows.append(Role(actor_id=key[0], office=key[1], country_id=key[2], organisation_id=key[3], start=key[4],
                             end=dt.date.fromisoformat(role["end"]) if role.get("end") else None, title=role["title"]))
    Role.objects.bulk_create(rows)
    report.add("roles", len(rows))


def event_types_load(*, directory: Path, report: LoadReport) -> None:
    """The event taxonomy: PLOVER family, CAMEO code and Goldstein weight per type."""
    existing = set(EventType.objects.values_list("slug", flat=True))
    rows = []
    with open(directory / "event_types.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["slug"] in existing:
                continue
            rows.append(EventType(
                slug=row["slug"], name=row["name"], description=row["examples"], plover=row["plover"],
                plover_mode=row["plover_mode"], cameo=row["cameo"],
                goldstein=float(row["goldstein"]) if row["goldstein"] else None, directed=row["directed"] == "yes",
            ))
    EventType.objects.bulk_create(rows)
    report.add("event types", len(rows))


REFERENCE_STEPS: list[tuple[str, Callable]] = [
    ("countries", countries_load),
    ("organisations", organisations_load),
    ("people and roles", people_load),
    ("event types", event_types_load),
]


@transaction.atomic
def reference_load(*, directory: Path = REFERENCE_DIR, progress: Callable[[str], None] = lambda _: None) -> LoadReport:
    """Load countries, organisations, people with roles and event types.

    Creates what is missing and never updates or deletes a row that exists, so
    running it twice changes nothing and an admin's edits survive a reload.
    """
    report = LoadReport()
    for number, (label, step) in enumerate(REFERENCE_STEPS, start=1):
        progress(f"[{number}/{len(REFERENCE_STEPS)}] {label}")
        step(directory=directory, report=report)
    if any(report.created.values()):
        from ..engine import reference_changed  # bulk_create sends no signals

        transaction.on_commit(reference_changed)
    return report


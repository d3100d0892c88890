"""Build the engine's plain-data inputs from the reference files.

The Django side builds the same dict from the database; this module is what the
CLI and the tests use, so that the engine runs without Django at all.
"""
from __future__ import annotations

import csv
import json
import os
import re

COUNTRY_TERM_KINDS = (("aliases", "alias"), ("demonyms", "demonym"), ("metonyms", "metonym"))
# The Country model's default office for "the X leader": what load_reference stores
# for a country whose row names none, so the files give what the database gives.
DEFAULT_LEADER = "head_of_government"
PEOPLE_FILES = ("people.json", "phoenix_people.json")  # curated people first: they win a tie


def read_event_types(path: str) -> list[dict]:
    """Read event_types.csv into a list of dicts with typed fields."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    types = []
    for row in rows:
        goldstein = (row.get("goldstein") or "").strip()
        types.append({
            "slug": row["slug"].strip(),
            "name": row.get("name", "").strip(),
            "plover": row.get("plover", "").strip(),
            "plover_mode": (row.get("plover_mode") or "").strip(),
            "cameo": (row.get("cameo") or "").strip(),
            "goldstein": float(goldstein) if goldstein else None,
            "directed": (row.get("directed") or "").strip().lower() in ("yes", "true", "1"),
            "cameo_codes": (row.get("cameo_codes") or "").split(),
            "headline": (row.get("headline") or "").strip(),
        })
    return types


def _load_json(folder: str, name: str) -> list:
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _country_entry(row: dict) -> dict:
    terms = [{"text": row["name"], "kind": "name"}]
    for key, kind in COUNTRY_TERM_KINDS:
        terms += [{"text": text, "kind": kind} for text in row.get(key) or []]
    return {"code": row["code"].upper(), "name": row["name"], "leader": row.get("leader") or DEFAULT_LEADER,
            "terms": terms}


def _short_name(name: str) -> str:
    """'Palestine, State of' -> 'Palestine'; 'Holy See (Vatican City State)' -> 'Holy See'."""
    name = re.sub(r"\s*\(.*?\)", "", name)
    return name.split(",")[0].strip()


def pycountry_entries(known: set[str]) -> list[dict]:
    """Every ISO 3166-1 country not curated, with its common and short names.

    A short name shared by two countries ('Korea', 'Congo') is left out: it
    would point at either, and the curated list names both better. Such a
    country is called by its ISO name ('Virgin Islands, British').
    load_reference stores these names and terms for the database.
    """
    import pycountry  # pure Python, installed with the project

    rows, seen = [], {}
    for country in pycountry.countries:
        if country.alpha_2 in known:
            continue
        names = {getattr(country, "common_name", None) or country.name, _short_name(country.name)}
        names.discard("")
        rows.append((country, names))
        for name in names:
            seen[name] = seen.get(name, 0) + 1
    entries = []
    for country, names in rows:
        main = getattr(country, "common_name", None) or _short_name(country.name)
        terms = [{"text": name, "kind": "name"} for name in sorted(names) if seen[name] == 1]
        if terms:
            name = main if seen.get(main) == 1 else country.name
            entries.append({"code": country.alpha_2, "name": name, "leader": DEFAULT_LEADER, "terms": terms})
    return entries


def _organisation_entries(rows: list[dict], actors: list[dict]) -> list[dict]:
    organisations = []
    for row in rows:
        code = row["code"].upper()
        terms = [{"text": row["name"], "kind": "name"}]
        terms += [{"text": text, "kind": "alias"} for text in row.get("aliases") or []]
        organisations.append({"code": code, "name": row["name"], "terms": terms})
        for body in row.get("bodies") or []:
            actors.append({
                "id": len(actors) + 1, "kind": "body", "name": body["name"], "code": code, "country": None,
                "terms": [{"text": text, "kind": "alias"} for text in body.get("aliases") or []],
            })
    return organisations


def engine_office(office: str | None) -> str | None:
    """A role's office as the engine reads it. "other" (every Phoenix role) is no office:
    the engine would otherwise resolve "the minister" to any holder of any other office,
    and keep "other" instead of the office a title gives ("Prime Minister Tony Blair")."""
    return None if office in (None, "", "other") else office


def _people_entries(rows: list[dict], actors: list[dict]) -> list[dict]:
    """People and their roles. `country` is the person's own country; `organisation`
    the code of the organisation someone known only through it stands for."""
    roles = []
    for row in rows:
        actor_id = len(actors) + 1
        country = (row.get("country") or "").upper() or None
        code = country or (row.get("organisation") or "").upper() or None
        actors.append({
            "id": actor_id, "kind": "person", "name": row["name"], "code": code, "country": country,
            "terms": [{"text": text, "kind": "alias"} for text in row.get("aliases") or []],
        })
        for role in row.get("roles") or []:
            roles.append({
                "actor_id": actor_id, "office": engine_office(role.get("office")), "title": role.get("title"),
                "of": (role.get("of") or code or "").upper(), "start": role.get("start"), "end": role.get("end"),
            })
    return roles


def gazetteer_data_from_files(folder: str, with_pycountry: bool = True) -> dict:
    """Read countries.json, organisations.json, people.json and phoenix_people.json from `folder`.

    Missing files give empty lists; every ISO country not curated is added from
    pycountry unless `with_pycountry` is False. The database loaded by
    load_reference from the same folder gives the same dict
    (tests/test_reference_pipeline.py).
    """
    countries = [_country_entry(row) for row in _load_json(folder, "countries.json")]
    if with_pycountry:
        countries += pycountry_entries({entry["code"] for entry in countries})
    actors: list[dict] = []
    organisations = _organisation_entries(_load_json(folder, "organisations.json"), actors)
    roles = [role for name in PEOPLE_FILES for role in _people_entries(_load_json(folder, name), actors)]
    return {"countries": countries, "organisations": organisations, "actors": actors, "roles": roles}

"""Which Phoenix entries become people of the reference data, with which names, aliases and roles.

Precision over volume: a name or alias that could fire on ordinary text, or that
points at two people of different countries, is worse than a missing person.
"""
from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass

import pycountry

from ..gazetteer import fold
from .phoenix_forms import given_names, safest_name, short_form_clashes
from .phoenix_names import (ORGANISATION_WORDS, PATRONYMIC, WordList, display, is_code, phrase_key, slug, title_words,
                            word_ok, words_of)
from .phoenix_parse import Parsed
from .phoenix_roles import ELITE, home_of, role_of, roles_merge


@dataclass
class Curated:
    """What the curated files already say: people (who win), and every other term."""
    people: frozenset
    terms: frozenset
    slugs: frozenset
    place_words: frozenset
    rows: tuple  # people.json

    @classmethod
    def from_folder(cls, folder: str) -> "Curated":
        def read(name):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                return json.load(handle)
        people, terms, slugs, rows = set(), set(), set(), read("people.json")
        for person in rows:
            people |= {phrase_key(t) for t in [person["name"], *person.get("aliases", [])]}
            slugs.add(slug(person["name"]))
        places = {phrase_key(c.name) for c in pycountry.countries}
        for country in read("countries.json"):
            names = [country["name"], *country.get("aliases", []), *country.get("demonyms", [])]
            places |= {phrase_key(t) for t in names}
            terms |= {phrase_key(t) for t in [*names, *country.get("metonyms", [])]}
        for org in read("organisations.json"):
            slugs.add(slug(org["code"]))
            for body in [org, *org.get("bodies", [])]:
                terms |= {phrase_key(t) for t in [body["name"], *body.get("aliases", [])]}
                slugs.add(slug(body["name"]))
        terms |= places
        place_words = {t for t in places if " " not in t}
        return cls(frozenset(people), frozenset(terms), frozenset(slugs), frozenset(place_words), tuple(rows))


def _outside_patronymics(words: list[str]) -> list[str]:
    """The words that are not next to bin, ibn, abu...: 'Sultan bin Zayid' names a man, not a sultan."""
    keys = [fold(word) for word in words]
    return [word for i, word in enumerate(words)
            if not ({keys[i - 1] if i else "", keys[i + 1] if i + 1 < len(keys) else ""} & PATRONYMIC)]


class Selector:
    """Cleans names and aliases; counts what it drops and why."""

    def __init__(self, curated: Curated, words: WordList):
        self.curated, self.words, self.titles = curated, words, title_words()
        self.dropped: Counter = Counter()

    def titled(self, word: str) -> bool:
        """A title, rank or place word ('Secretary-General', 'Gen.', 'RUSSIAN')."""
        pieces = [fold(piece.strip(".")) for piece in word.split("-")]
        return any(piece in self.titles for piece in pieces) or phrase_key(word) in self.curated.place_words

    def stripped(self, raw: str) -> list[str]:
        """The name's words without the titles and places glued before it."""
        words = words_of(raw)
        while len(words) > 1 and (self.titled(words[0]) or fold(words[0]) == "the") \
                and fold(words[1]) not in PATRONYMIC:
            words = words[1:]
        return words

    def name(self, words: list[str], home: str | None) -> str | None:
        reason = None
        if not all(word_ok(word) for word in words):
            reason = "name with digits or punctuation"
        elif len(words) < 2:
            reason = "one-word name (once a title is taken off)"
        elif any(fold(w) in ORGANISATION_WORDS for w in words):
            reason = "an organisation or a group, not a person"
        elif any(self.titled(w) for w in _outside_patronymics(words)):
            reason = "title or place name inside the name"
        text = display(words, home) if not reason else ""
        if not reason and self.words.all_common(text):
            reason = "name made of ordinary English words"
        elif not reason and phrase_key(text) in self.curated.terms:
            reason = "name of a country or an organisation"
        if reason:
            self.dropped[f"people: {reason}"] += 1
            return None
        return text

    def alias(self, raw: str, home: str | None) -> str | None:
        words = words_of(raw)
        reason = None
        if len(words) < 2:
            reason = "one word"
        elif not all(word_ok(word) for word in words) or any(is_code(word) for word in words):
            reason = "code, digits or punctuation"
        elif any(self.titled(w) or fold(w) == "the" for w in words):
            reason = "title or place glued to the name"
        elif any(fold(w) in ORGANISATION_WORDS for w in words):
            reason = "an organisation or a group"
        text = display(words, home) if not reason else ""
        if not reason and self.words.all_common(text):
            reason = "ordinary English words"
        elif not reason and phrase_key(text) in self.curated.terms:
            reason = "a country's or an organisation's name"
        if reason:
            self.dropped[f"aliases: {reason}"] += 1
            return None
        return text


def _grouped(parsed: Parsed, selector: Selector, counts: Counter) -> dict:
    """Entries with a dated role, grouped by the slug their name would get."""
    groups: dict = defaultdict(list)
    for entry in parsed.people:
        roles = [role for role in (role_of(code, parsed.horizon, counts) for code in entry.codes) if role]
        if not any(role["title"] != ELITE for role in roles):
            counts["entries: no dated government, legislature, military or organisation role"] += 1
            continue
        words = selector.stripped(entry.name)
        groups[slug(" ".join(words))].append((entry, roles, words))
    return groups


def _person(group: list, selector: Selector, counts: Counter) -> dict | None:
    """One person from the entries that share a name (the same person listed twice, or
    under two spellings); None when they are people of different countries."""
    homes = [home_of(entry, roles) for entry, roles, _ in group]
    countries = {country for country, _ in homes if country}
    if len(countries) > 1:
        counts["people: name shared by people of different countries"] += 1
        return None
    organisations = Counter(org for _, org in homes if org)
    country = countries.pop() if countries else None
    organisation = None if country else organisations.most_common(1)[0][0]
    name = selector.name(group[0][2], country)
    if name is None:
        return None
    person = {"name": name, "aliases": {}, "country": country, "organisation": organisation,
              "roles": [role for _, roles, _ in group for role in roles], "keys": set()}
    for entry, _, words in group:
        person["keys"] |= {phrase_key(" ".join(words_of(raw))) for raw in [entry.name, *entry.aliases]}
        for raw in [" ".join(words), *entry.aliases]:
            alias = selector.alias(raw, country)
            if alias and phrase_key(alias) != phrase_key(name):
                person["aliases"].setdefault(phrase_key(alias), alias)
    return person


def _unambiguous(people: list[dict], curated: Curated, counts: Counter) -> list[dict]:
    """Curated people win; an alias that two homes share, or that is someone else's name, points at neither."""
    kept = []
    for person in people:
        if person["keys"] & curated.people or slug(person["name"]) in curated.slugs:
            counts["people: already curated in people.json"] += 1
        else:
            kept.append(person)
    homes: dict = defaultdict(set)
    for person in kept:
        for key in [phrase_key(person["name"]), *person["aliases"]]:
            homes[key].add((person["country"], person["organisation"]))
    for person in kept:
        shared = [key for key in person["aliases"] if len(homes[key]) > 1]
        counts["aliases: shared by people of different countries"] += len(shared)
        person["aliases"] = {k: v for k, v in person["aliases"].items() if k not in shared}
    return kept


def _record(person: dict) -> dict:
    roles = [{**role, "start": role["start"].isoformat(), "end": role["end"].isoformat()}
             for role in roles_merge(person["roles"])]
    record = {"name": person["name"], "aliases": sorted(person["aliases"].values()), "country": person["country"]}
    if person["organisation"]:
        record["organisation"] = person["organisation"]
    return {**record, "roles": roles}


def _short_forms_safe(people: list[dict], selector: Selector, counts: Counter) -> list[dict]:
    """Each person named so that the engine's short forms of the name cannot misfire (phoenix_forms)."""
    given = given_names([p["name"] for p in people] + [row["name"] for row in selector.curated.rows])
    named = []
    for person in people:
        reason = safest_name(person, selector.words, given)
        if reason:
            counts[f"people: every spelling gives a short form that is {reason}"] += 1
        else:
            named.append(person)
    clashes = short_form_clashes(named, list(selector.curated.rows))
    counts["people: short form shared at the same time with someone of another country"] += len(clashes)
    return [person for index, person in enumerate(named) if index not in clashes]


def people_select(parsed: Parsed, curated: Curated, words: WordList) -> tuple[list[dict], Counter]:
    """The people to write, sorted by country and name, and the counts of what was dropped."""
    selector = Selector(curated, words)
    counts: Counter = Counter()
    people = [person for group in _grouped(parsed, selector, counts).values()
              if (person := _person(group, selector, counts))]
    people = _short_forms_safe(_unambiguous(people, curated, counts), selector, counts)
    records = [_record(person) for person in people]
    return sorted(records, key=lambda r: (r["country"] or r.get("organisation") or "", r["name"])), \
        selector.dropped + counts

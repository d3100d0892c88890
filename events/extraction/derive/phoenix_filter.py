"""Which Phoenix entries become people of the reference data, with which names, aliases and roles.

Precision over volume: a name or alias that could fire on ordinary text, or that
points at two people of different countries, is worse than a missing person.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import pycountry

from ..gazetteer import fold
from .phoenix_names import (ORGANISATION_WORDS, PATRONYMIC, WordList, display, is_code, phrase_key, title_words, word_ok,
                            words_of)
from .phoenix_parse import Code, Entry, Parsed

# The office a Phoenix agent code tells, as a title the engine already knows (titles.yaml):
# a role title the engine does not know becomes a new title word.
AGENT_TITLES = {"GOV": "Official", "LEG": "Lawmaker", "MIL": "Commander", "ELI": "Politician"}
ELITE = AGENT_TITLES["ELI"]
# A government code's second agent names a ministry's field (AFGGOVAGR: agriculture). Kept: the
# executive itself (plain GOV), defence, police and the interior, intelligence, finance and trade,
# the legislature: the offices news about relations between states names.
GOVERNMENT_FIELDS = frozenset({None, "MIL", "COP", "SPY", "BUS", "LEG"})
ORGANISATION_TITLE = "Official"
OFFICE = "other"  # Phoenix never says who headed a state, a government or an organisation
# Phoenix's own codes for two places ISO 3166 codes otherwise.
PHOENIX_COUNTRIES = {"KSV": "XK", "TMP": "TL"}
AGENT_CODES = frozenset("""GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LAB LEG HLH HRI REF MOD RAD AGR DEV
    ENV ELI IGO NGO MNC REL UAF MUS CHR JEW BUD HIN UNR OCC""".split())
# The organisation in an IGO code, most specific first (IGOUNODEVWBK: the World Bank): the project's codes.
IGO_ORGANISATIONS = {
    "WBK": "WB", "IAE": "IAEA", "WHO": "WHO", "ICJ": "ICJ", "IMF": "IMF", "WTO": "WTO", "OPC": "OPEC",
    "ASN": "ASEAN", "ARL": "LAS", "GCC": "GCC", "OAS": "OAS", "WAS": "ECOWAS", "SAD": "SADC", "EAC": "EAC",
    "IAD": "IGAD", "CIS": "CIS", "OIC": "OIC", "ICC": "ICC", "CWN": "COMMONWEALTH", "COE": "COE", "SCE": "OSCE",
    "EFT": "EFTA", "EEC": "EU", "NAT": "NATO", "GOS": "G7", "UNO": "UN",
}
AMBIGUOUS_CODES = frozenset({"AU"})  # the African Union's code is Australia's ISO code


def slug(text: str) -> str:
    """The slug load_reference gives a person (django.utils.text.slugify, without importing Django)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-_")


def _alpha2(alpha3: str) -> str | None:
    if alpha3 in PHOENIX_COUNTRIES:
        return PHOENIX_COUNTRIES[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country else None


def place_of(letters: str) -> tuple[str | None, list[str], bool]:
    """`GBRGOVBUS` -> ('GB', ['GOV', 'BUS'], False); `GBRVGBELI` -> ('VG', ['ELI'], False);
    `IGOWSTNAT` -> ('NATO', [], True)."""
    triples = [letters[i:i + 3] for i in range(0, len(letters), 3)]
    if triples[0] == "IGO":
        found = [IGO_ORGANISATIONS[t] for t in reversed(triples[1:]) if t in IGO_ORGANISATIONS]
        return (found[0] if found else None), [], True
    country, rest = _alpha2(triples[0]), triples[1:]
    if rest and rest[0] not in AGENT_CODES and _alpha2(rest[0]):
        country, rest = _alpha2(rest[0]), rest[1:]  # a territory under its state's code: GBR VGB
    return country, rest, False


def role_of(code: Code, horizon: dt.date, counts: Counter) -> dict | None:
    place, agents, organisation = place_of(code.letters)
    title = ORGANISATION_TITLE if organisation else AGENT_TITLES.get(agents[0] if agents else "")
    if not place or not title or not code.dated:
        return None
    if agents[:1] == ["GOV"] and (agents[1] if len(agents) > 1 else None) not in GOVERNMENT_FIELDS:
        counts["role in a ministry of another field (agriculture, health...)"] += 1
        return None
    if place in AMBIGUOUS_CODES and organisation:
        counts["role of the African Union (code AU is Australia's)"] += 1
        return None
    if code.start is None:
        counts["role with no start day"] += 1
        return None
    end = code.end
    if code.open_end:
        counts["open-ended role closed on the last day the files name"] += 1
        end = horizon
    if end < code.start:
        counts["role ending before it starts"] += 1
        return None
    return {"office": OFFICE, "title": title, "of": place, "start": code.start, "end": end}


def home_of(entry: Entry, roles: list[dict]) -> tuple[str | None, str | None]:
    """(country, organisation): the country most of the entry's codes name; else the organisation."""
    countries: Counter = Counter()
    for code in entry.codes:
        place, _, organisation = place_of(code.letters)
        if place and not organisation:
            countries[place] += 1
    if countries:
        best = max(countries.values())
        tied = {place for place, count in countries.items() if count == best}
        latest = sorted((role["start"], role["of"]) for role in roles if role["of"] in tied)
        return (latest[-1][1] if latest else sorted(tied)[0]), None
    organisations = Counter(role["of"] for role in roles)
    return None, (organisations.most_common(1)[0][0] if organisations else None)


def roles_merge(roles: list[dict]) -> list[dict]:
    """One role per title and place over overlapping ranges, and one per start day and place
    (the database keeps one role per person, office, place and start)."""
    merged: list[dict] = []
    for role in sorted(roles, key=lambda r: (r["of"], r["title"], r["start"])):
        last = merged[-1] if merged else None
        if last and (last["of"], last["title"]) == (role["of"], role["title"]) and role["start"] <= last["end"]:
            last["end"] = max(last["end"], role["end"])
        else:
            merged.append(dict(role))
    rank = list(AGENT_TITLES.values())
    by_start: dict = {}
    for role in sorted(merged, key=lambda r: rank.index(r["title"])):
        by_start.setdefault((role["of"], role["start"]), role)
    return sorted(by_start.values(), key=lambda r: (r["start"], r["of"]))


@dataclass
class Curated:
    """What the curated files already say: people (who win), and every other term."""
    people: frozenset
    terms: frozenset
    slugs: frozenset
    place_words: frozenset

    @classmethod
    def from_folder(cls, folder: str) -> "Curated":
        def read(name):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                return json.load(handle)
        people, terms, slugs = set(), set(), set()
        for person in read("people.json"):
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
        return cls(frozenset(people), frozenset(terms), frozenset(slugs), frozenset(place_words))


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
        elif not reason and self.words.surname_common(text):
            reason = "short form (surname) is an ordinary English word"
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


def people_select(parsed: Parsed, curated: Curated, words: WordList) -> tuple[list[dict], Counter]:
    """The people to write, sorted by country and name, and the counts of what was dropped."""
    selector = Selector(curated, words)
    counts: Counter = Counter()
    people = [person for group in _grouped(parsed, selector, counts).values()
              if (person := _person(group, selector, counts))]
    people = _unambiguous(people, curated, counts)
    parsed.dates.update({k: v for k, v in counts.items() if k.startswith(("role", "open"))})
    dropped = selector.dropped + Counter({k: v for k, v in counts.items() if not k.startswith(("role", "open"))})
    records = [_record(person) for person in people]
    return sorted(records, key=lambda r: (r["country"] or r.get("organisation") or "", r["name"])), dropped

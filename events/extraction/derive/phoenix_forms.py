"""The short forms the engine derives from a person's name, and when they would misfire.

The engine calls a person by a short form ("Blair", "Xi": gazetteer.surnames)
once the full name was mentioned, or alone while the person holds a role on
the article's date. So a Phoenix person is named by the first of their spellings
whose short forms are safe, the others kept as aliases (aliases give no short
form), and dropped when none is:

- a form that is an ordinary English word ("Major", "Guy" of "Guy Verhofstadt");
- an initial ("M." of "M. Tamim");
- a given name taken for a family name: the engine reads the first of two words
  as the family name when it is short ("Xi Jinping"), which is right for Chinese,
  Korean, Vietnamese and Cambodian names only ("Jan" of "Jan Kubis", also a month);
- a form shared, over the same years, with someone of another country ("Chavez":
  Hugo Chavez of Venezuela and Mexico's attorney general): the engine then
  resolves neither, even after the full name was read. The better known of the
  two is kept (a former leader: Phoenix gives them `ELI` periods around office),
  and a curated person always is.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from ..gazetteer import fold, surnames
from .phoenix_names import WordList, phrase_key
from .phoenix_roles import ELITE

FAMILY_NAME_FIRST = frozenset("CN TW HK MO KR KP VN KH".split())
COMMON_GIVEN_NAME = 3  # first word of this many names or more


def given_names(names: list[str]) -> Counter:
    """How many names start with each (folded) first word."""
    return Counter(fold(name.split()[0]) for name in names if name.split())


def unsafe_form(name: str, home: str | None, words: WordList, given: Counter) -> str | None:
    """Why one of the name's short forms would misfire, or None."""
    first = name.split()[0]
    for form in surnames(name):
        if len(form.replace(".", "")) <= 1:
            return "an initial"
        if words.all_common(form):
            return "an ordinary English word"
        if form == first and home not in FAMILY_NAME_FIRST and given[fold(first)] >= COMMON_GIVEN_NAME:
            return "a given name"
    return None


def safest_name(person: dict, words: WordList, given: Counter) -> str | None:
    """Rename the person to the first spelling with safe short forms; the reason none is, else None."""
    home = person["country"] or person["organisation"]
    candidates = [person["name"], *person["aliases"].values()]
    reasons = [unsafe_form(candidate, home, words, given) for candidate in candidates]
    if all(reasons):
        return reasons[0]
    chosen = candidates[reasons.index(None)]
    if chosen != person["name"]:
        person["aliases"] = {phrase_key(text): text for text in candidates if text != chosen}
        person["name"] = chosen
    return None


def _span(roles: list[dict]) -> tuple[str, str]:
    never, always = dt.date.min.isoformat(), dt.date.max.isoformat()
    starts = [str(role["start"]) for role in roles] or [never]
    ends = [str(role["end"]) if role.get("end") else always for role in roles] or [always]
    return min(starts), max(ends)


def short_form_clashes(people: list[dict], curated: list[dict]) -> set[int]:
    """Indexes of the Phoenix people to drop: a short form shared, over overlapping years, with
    someone of another country, when they are not a former leader and the other is."""
    holders: dict = defaultdict(list)  # folded form -> (home, span, keep, index or None)
    for row in curated:
        for form in surnames(row["name"]):
            holders[phrase_key(form)].append((row.get("country"), _span(row.get("roles", [])), True, None))
    for index, person in enumerate(people):
        home = person["country"] or person["organisation"]
        leader = any(role["title"] == ELITE for role in person["roles"])
        for form in surnames(person["name"]):
            holders[phrase_key(form)].append((home, _span(person["roles"]), leader, index))
    dropped = set()
    for entries in holders.values():
        if len({home for home, *_ in entries}) < 2:
            continue
        for home, (start, end), keep, index in entries:
            if not keep and any(other != home and start <= other_end and other_start <= end
                                for other, (other_start, other_end), _, _ in entries):
                dropped.add(index)
    return dropped

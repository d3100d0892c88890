"""Stage 2a: compile the gazetteer (names, aliases, demonyms, metonyms, titles)
into one token trie, so that finding every mention in an article is one walk
over its tokens, whatever the number of names (no loop over names).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

TOKEN = re.compile(r"\w+|[^\w\s]")
# A term kind ranks how firmly a word points at an entity: when one word points
# at two entities ("Brussels": the EU and Belgium) the firmer kind wins.
KIND_RANK = {"name": 0, "alias": 1, "title": 1, "demonym": 2, "metonym": 3, "surname": 4}
PARTICLES = frozenset("de da di del della der den van von le la al el bin ibn du dos das ben".split())
# Short forms that are ordinary words or dates: never a surname on their own.
NOT_SURNAMES = frozenset("""may june april may young brown white black green king rice page long short
    little will bush ford carter price hall wood rose day love new north south east west""".split())
GENERIC = frozenset("""north south east west union alliance commission council republic kingdom
    government state states emirates islands netherlands gambia bahamas philippines""".split())
FOLD_CACHE: dict[str, str] = {}


def fold(token: str) -> str:
    """Case- and accent-insensitive key of a token ('Élysée' -> 'elysee')."""
    key = FOLD_CACHE.get(token)
    if key is None:
        decomposed = unicodedata.normalize("NFKD", token.casefold())
        key = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(FOLD_CACHE) < 200_000:
            FOLD_CACHE[token] = key
    return key


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Ref:
    """What a term points at."""
    kind: str          # country | organisation | actor | title
    code: str | None   # entity code (ISO alpha-2 or organisation code)
    name: str
    term_kind: str     # name | alias | demonym | metonym | surname | title
    tokens: tuple      # the term as written, for the case check
    actor_id: int | None = None
    actor_kind: str | None = None
    office: str | None = None


def case_fits(term: tuple, found: list[str]) -> bool:
    """A capitalised term needs a capitalised word; an acronym needs capitals.

    'US' does not match 'us', 'Chad' does not match 'chad'; 'the Élysée'
    matches 'The Élysée'; an all-capitals headline word ('BORIS') matches.
    """
    for want, got in zip(term, found):
        if not want[:1].isalpha():
            continue
        if want.isupper() and len(want) > 1:
            if not got.isupper():
                return False
        elif want[0].isupper() and not got[0].isupper():
            return False
    return True


@dataclass
class Role:
    actor_id: int
    office: str
    title: str
    of: str
    start: dt.date | None
    end: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@dataclass
class Gazetteer:
    trie: dict = field(default_factory=dict)
    actors: dict = field(default_factory=dict)       # id -> actor dict
    roles: list = field(default_factory=list)
    roles_by_actor: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)        # code -> display name
    leaders: dict = field(default_factory=dict)      # country code -> leader office
    titles: dict = field(default_factory=dict)       # folded title -> (office, country)
    organisation_codes: set = field(default_factory=set)  # EU, UN, NATO...
    size: int = 0

    def add(self, text: str, ref_fields: dict) -> None:
        tokens = tuple(tokenize(text))
        if not tokens:
            return
        node = self.trie
        for token in tokens:
            node = node.setdefault(fold(token), {})
        node.setdefault(None, []).append(Ref(tokens=tokens, **ref_fields))
        self.size += 1

    def longest(self, tokens: list[str], folded: list[str], start: int) -> tuple[int, list[Ref]]:
        """Longest term starting at token `start` whose case fits: (end, refs)."""
        node, best_end, best = self.trie, start, []
        for index in range(start, min(len(folded), start + 12)):
            node = node.get(folded[index])
            if node is None:
                break
            refs = node.get(None)
            if refs:
                fitting = [ref for ref in refs if case_fits(ref.tokens, tokens[start:index + 1])]
                if fitting:
                    best_end, best = index + 1, fitting
        return best_end, best

    def roles_on(self, actor_id: int, day: dt.date) -> list[Role]:
        return [role for role in self.roles_by_actor.get(actor_id, ()) if role.holds_on(day)]

    def holders(self, office: str, code: str | None, day: dt.date) -> list[Role]:
        return [role for role in self.roles
                if role.office == office and (code is None or role.of == code) and role.holds_on(day)]


def surnames(name: str) -> list[str]:
    """Short forms a person is called by after the first mention.

    'Jean-Yves Le Drian' -> 'Le Drian'; 'Xi Jinping' -> 'Xi'; 'Kim Jong-un' -> 'Kim'.
    """
    words = name.split()
    if len(words) < 2:
        return []
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    forms = [" ".join(words[cut:])]
    if len(words) == 2 and (len(words[0]) <= 3 or "-" in words[1]):
        forms.append(words[0])  # family name first (Chinese, Korean names)
    return [form for form in forms if form.lower() not in NOT_SURNAMES and len(form) > 1]


def _variants(text: str) -> list[str]:
    """A term and, for 'the Kremlin', 'the Pentagon', also 'Kremlin' and 'Pentagon'
    ('Pentagon spokesman'), unless the rest is a generic word ('the North')."""
    rest = text[4:] if text.lower().startswith("the ") else ""
    if rest[:1].isupper() and " " not in rest and rest.lower() not in GENERIC:
        return [text, rest]
    return [text]


def compile_gazetteer(data: dict, titles: dict) -> Gazetteer:
    """Build the trie from the plain gazetteer dict and the title lexicon."""
    gaz = Gazetteer()
    for country in data.get("countries", []):
        code = country["code"].upper()
        gaz.names[code] = country["name"]
        gaz.leaders[code] = country.get("leader")
        for term in country.get("terms", []):
            for text in _variants(term["text"]):
                gaz.add(text, dict(kind="country", code=code, name=country["name"], term_kind=term["kind"]))
            if term["kind"] == "demonym" and re.search(r"(an|i)$", term["text"]):
                gaz.add(term["text"] + "s", dict(kind="country", code=code, name=country["name"], term_kind="demonym"))
    for org in data.get("organisations", []):
        code = org["code"].upper()
        gaz.names[code] = org["name"]
        gaz.organisation_codes.add(code)
        for term in org.get("terms", []):
            for text in _variants(term["text"]):
                gaz.add(text, dict(kind="organisation", code=code, name=org["name"], term_kind=term["kind"]))
    _add_actors(gaz, data)
    _add_titles(gaz, titles)
    return gaz


def _add_actors(gaz: Gazetteer, data: dict) -> None:
    for actor in data.get("actors", []):
        gaz.actors[actor["id"]] = actor
        code = (actor.get("code") or actor.get("country") or "") or None
        base = dict(kind="actor", code=code.upper() if code else None, name=actor["name"],
                    actor_id=actor["id"], actor_kind=actor.get("kind"))
        gaz.add(actor["name"], dict(base, term_kind="name"))
        for term in actor.get("terms", []):
            gaz.add(term["text"], dict(base, term_kind=term.get("kind", "alias")))
        if actor.get("kind") == "person":
            for short in surnames(actor["name"]):
                gaz.add(short, dict(base, term_kind="surname"))
    for row in data.get("roles", []):
        role = Role(row["actor_id"], row.get("office") or "", row.get("title") or "",
                    (row.get("of") or "").upper(), _date(row.get("start")), _date(row.get("end")))
        gaz.roles.append(role)
        gaz.roles_by_actor.setdefault(role.actor_id, []).append(role)


def _add_titles(gaz: Gazetteer, titles: dict) -> None:
    """Titles from the lexicon, plus every role title in the data ("Chancellor")."""
    entries = []
    for office, words in (titles.get("offices") or {}).items():
        entries += [(word, office, None) for word in words]
    for word in titles.get("other") or []:
        entries.append((word, None, None))
    for word, spec in (titles.get("country_titles") or {}).items():
        entries.append((word, spec.get("office"), spec.get("of")))
    known = {fold(word) for word, _, _ in entries}
    entries += [(role.title, role.office, None) for role in gaz.roles
                if role.title and fold(role.title) not in known]
    for word, office, country in entries:
        # written in lower case, a title matches whatever its case in the text
        gaz.add(word.lower(), dict(kind="title", code=country, name=word, term_kind="title", office=office))
        gaz.titles[" ".join(fold(t) for t in tokenize(word))] = (office, country)

"""Stage 2b: find who is mentioned in each sentence.

One left-to-right walk over the article's tokens finds gazetteer terms (longest
match first), then joins a country word, a title and a name into one mention
("France's interior minister Gerald Darmanin", "Home Secretary Priti Patel").
Light coreference keeps what the article has said so far: a bare title ("the
Prime Minister", "the minister") resolves to the person last called so, or to
the office holder on the article's date; a surname ("Darmanin", "Patel")
points back at the full name; "the two countries" at the last two countries.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import FOLD_CACHE, KIND_RANK, TOKEN, Gazetteer, Ref, fold

RANKS = frozenset("lt col gen maj capt adm sgt cpl dr mr mrs ms prof sir dame lord lady rev sen sens rep mp".split())
NAME_JOINERS = frozenset("de da di del della der den van von le la al el bin ibn du dos das ben".split())
# Capitalised words that are not the start of a person's name after a title.
NOT_NAMES = frozenset("""the a an on in at of for and but or to from with by as after before during
    said says told has had have is was will would this that these those it he she they his her their its""".split())
PAIR = re.compile(
    r"\b(?:the two|both|the pair of)\s+(countries|nations|states|sides|governments|neighbou?rs|leaders|presidents|"
    r"prime ministers|ministers|foreign ministers|heads of state|capitals)\b", re.I)
PERSON_PAIRS = frozenset("leaders presidents prime ministers ministers foreign ministers heads of state".split())


@dataclass
class Mention:
    """Something in the text that stands for an entity code."""
    start: int          # offsets in the clean text
    end: int
    code: str | None
    kind: str           # country | organisation | person | body | title | pair
    name: str
    sentence: int = -1
    actor_id: int | None = None
    title: str | None = None
    office: str | None = None
    new: bool = False
    possessive: bool = False
    demonym: bool = False
    # the shadow text masks [name_start, mask_end): a titled person's name, or
    # the country of a bare title ("the Russian | ambassador": the word
    # "ambassador" stays visible to the trigger patterns)
    name_start: int = -1
    mask_end: int = -1

    def __post_init__(self):
        if self.name_start < 0:
            self.name_start = self.start
        if self.mask_end < 0:
            self.mask_end = self.end

    def as_participant(self, text: str) -> dict:
        entry = {"name": self.name, "code": self.code, "text": text[self.start:self.end]}
        if self.actor_id is not None:
            entry["actor_id"] = self.actor_id
        if self.new:
            entry["new"] = True
        if self.title:
            entry["title"] = self.title
        return entry


@dataclass
class Memory:
    """What the article has said so far, for coreference."""
    day: dt.date
    persons: list = field(default_factory=list)   # person mentions, in order
    seen_actors: set = field(default_factory=set)
    local: dict = field(default_factory=dict)     # folded surname -> person mention
    codes: Counter = field(default_factory=Counter)
    order: list = field(default_factory=list)     # codes in order of mention


class MentionFinder:
    """Finds mentions sentence by sentence, remembering the article so far."""

    def __init__(self, gaz: Gazetteer, day: dt.date, curated: frozenset, seed_codes: Counter | None = None):
        self.gaz, self.curated = gaz, curated
        self.memory = Memory(day)
        if seed_codes:
            self.memory.codes.update(seed_codes)

    # -- the walk -------------------------------------------------------------
    def sentence_mentions(self, text: str, base: int, index: int) -> list[Mention]:
        matches = list(TOKEN.finditer(text))
        spans = [m.span() for m in matches]
        tokens = [m.group(0) for m in matches]
        cached = FOLD_CACHE.get
        folded = [cached(t) or fold(t) for t in tokens]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            i = self._step(text, base, index, tokens, folded, spans, i, found)
        found.sort(key=lambda m: m.start)
        pairs = PAIR.finditer(text) if "both" in folded or "two" in folded or "pair" in folded else ()
        for match in pairs:
            earlier = [m for m in found if m.end <= base + match.start()]
            found += self._pair(match, base, index, earlier)
        found.sort(key=lambda m: m.start)
        for mention in found:
            self._remember(mention)
        return found

    def _step(self, text, base, index, tokens, folded, spans, i, found) -> int:
        if folded[i] not in self.gaz.trie and folded[i] not in self.memory.local:
            return i + 1  # most words start no term: skip the walk
        end, refs = self.gaz.longest(tokens, folded, i)
        ref = self._choose(refs) if refs else None
        if ref is None:
            local = self.memory.local.get(folded[i])
            if local and tokens[i][:1].isupper():
                found.append(self._copy(local, base + spans[i][0], base + spans[i][1], index))
                return self._possessive(tokens, i + 1, found)
            return i + 1
        if ref.kind == "title":
            return self._title(text, base, index, tokens, folded, spans, i, end, ref, found)
        found.append(self._from_ref(ref, base + spans[i][0], base + spans[end - 1][1], index))
        return self._possessive(tokens, end, found)

    def _possessive(self, tokens, j, found) -> int:
        if j < len(tokens) and tokens[j] == "'":
            found[-1].possessive = True
            return j + 2 if j + 1 < len(tokens) and tokens[j + 1].lower() == "s" else j + 1
        return j

    def _choose(self, refs: list[Ref]) -> Ref | None:
        usable = [ref for ref in refs if ref.term_kind != "surname" or self._surname_ok(ref)]
        if not usable:
            return None
        best = min(KIND_RANK.get(ref.term_kind, 5) for ref in usable)
        top = [ref for ref in usable if KIND_RANK.get(ref.term_kind, 5) == best]
        if len({(ref.kind, ref.code, ref.actor_id) for ref in top}) > 1:
            codes = {ref.code for ref in top}
            return top[0] if len(codes) == 1 and top[0].kind != "title" else None  # ambiguous
        return top[0]

    def _surname_ok(self, ref: Ref) -> bool:
        return ref.actor_id in self.memory.seen_actors or bool(self.gaz.roles_on(ref.actor_id, self.memory.day))

    def _from_ref(self, ref: Ref, start: int, end: int, index: int) -> Mention:
        if ref.kind == "actor":
            kind = "person" if ref.actor_kind == "person" else "body"
            office = None
            code = ref.code
            if kind == "person":
                roles = self.gaz.roles_on(ref.actor_id, self.memory.day)
                office = roles[0].office if roles else None
                # while holding an office of an organisation a person stands for it (Guterres for the UN,
                # the EU's foreign-policy chief for the EU, not for their own country)
                heads = sorted((r for r in roles if r.of in self.gaz.organisation_codes),
                               key=lambda r: r.office != "head_of_organisation")
                if heads:
                    code, office = heads[0].of, heads[0].office
            return Mention(start, end, code, kind, ref.name, index, actor_id=ref.actor_id, office=office)
        return Mention(start, end, ref.code, ref.kind, ref.name, index, demonym=ref.term_kind == "demonym")

    @staticmethod
    def _copy(person: Mention, start: int, end: int, index: int) -> Mention:
        return Mention(start, end, person.code, person.kind, person.name, index, person.actor_id,
                       person.title, person.office, person.new)

    # -- titles ---------------------------------------------------------------
    def _title(self, text, base, index, tokens, folded, spans, i, end, ref, found) -> int:
        """Join [country] title [of country] [Name]; a bare title resolves by coreference."""
        start_char = base + spans[i][0]
        country, office, title = ref.code, ref.office, text[spans[i][0]:spans[end - 1][1]]
        prefix_end = None
        if found and found[-1].kind in ("country", "organisation") and _adjacent(found[-1], start_char, text, base):
            prefix = found.pop()
            country, start_char, prefix_end = prefix.code, prefix.start, prefix.end
        j = end
        if j + 1 < len(tokens) and folded[j] in ("of", "for"):
            k, refs = self.gaz.longest(tokens, folded, j + 1)
            of = self._choose(refs) if refs else None
            if of and of.kind in ("country", "organisation"):
                country, j = of.code, k
                title = text[spans[i][0]:spans[j - 1][1]]
        if office == "leader":
            office = self.gaz.leaders.get(country) or "head_of_state"
        j = _skip_ranks(tokens, folded, j)
        person, j = self._name_after(text, base, index, tokens, folded, spans, j)
        if person is not None:
            if person.code is None or person.new:
                person.code = person.code or country or self._same_title(title) or self._guess_country(found)
            person.name_start = person.start
            person.start, person.title, person.office = start_char, title, person.office or office
            found.append(person)
            return self._possessive(tokens, j, found)
        determiner = i > 0 and folded[i - 1] in ("the", "his", "her", "its", "their", "this", "that")
        if not (determiner or country or start_char < base + spans[i][0]):
            return end  # "in general", "head of": not a reference to a person
        mention = self._bare_title(start_char, base + spans[end - 1][1], index, title, office, country)
        if mention is not None:
            mention.mask_end = prefix_end if prefix_end is not None else mention.start
            found.append(mention)
            return self._possessive(tokens, j if j > end else end, found)
        return end

    def _name_after(self, text, base, index, tokens, folded, spans, j):
        if j >= len(tokens):
            return None, j
        k, refs = self.gaz.longest(tokens, folded, j)
        ref = self._choose(refs) if refs else None
        if ref is not None and ref.kind == "actor" and ref.actor_kind == "person":
            return self._from_ref(ref, base + spans[j][0], base + spans[k - 1][1], index), k
        if ref is not None and ref.term_kind != "surname":
            if ref.kind == "title" or _name_run(tokens, folded, j) <= k:
                return None, j  # "President of France"; but "Foreign Minister Israel Katz" is a name
        local = self.memory.local.get(folded[j])
        if local is not None and tokens[j][:1].isupper():
            return self._copy(local, base + spans[j][0], base + spans[j][1], index), j + 1
        k = _name_run(tokens, folded, j)
        if k - j < 2:  # one capitalised word after a title is too often not a name
            return None, j
        name = text[spans[j][0]:spans[k - 1][1]]
        return Mention(base + spans[j][0], base + spans[k - 1][1], None, "person", name, index, new=True), k

    def _bare_title(self, start, end, index, title, office, country) -> Mention | None:
        word = fold(title.split()[-1])
        for person in reversed(self.memory.persons):
            if (office and person.office == office and (country is None or person.code == country)) or \
                    (not office and person.title and word in fold(person.title) and country in (None, person.code)):
                return Mention(start, end, person.code, "title", person.name, index, person.actor_id,
                               title, office, person.new)
        if office:
            holders = self.gaz.holders(office, country, self.memory.day)
            if country is None:
                holders = [h for h in holders if h.of in self.memory.codes]
                holders.sort(key=lambda h: -self._recency(h.of))
            if holders:
                actor = self.gaz.actors.get(holders[0].actor_id, {})
                return Mention(start, end, holders[0].of, "title", actor.get("name", title), index,
                               holders[0].actor_id, title, office)
        if country:
            return Mention(start, end, country, "title", self.gaz.names.get(country, country), index,
                           title=title, office=office)
        return None

    def _recency(self, code: str) -> int:
        order = self.memory.order
        return max((i for i, c in enumerate(order) if c == code), default=-1)

    def _same_title(self, title: str) -> str | None:
        """'Ambassador Joel Meyer' after 'the French ambassador': the same post."""
        word = fold(title.split()[-1])
        for person in reversed(self.memory.persons):
            if person.kind == "title" and person.title and fold(person.title.split()[-1]) == word:
                return person.code
        return None

    def _guess_country(self, found: list[Mention]) -> str | None:
        """A titled newcomer with no country in sight: the first country named
        earlier in the sentence ("Algeria is cutting ties, Foreign Minister X
        said"), else the curated country the article names most."""
        here = [m.code for m in found if m.kind == "country" and m.code in self.curated]
        ranked = [code for code, _ in self.memory.codes.most_common() if code in self.curated]
        return (here[0] if here else None) or (ranked[0] if ranked else None)

    # -- pairs and memory ---------------------------------------------------------
    def _pair(self, match, base: int, index: int, earlier: list[Mention]) -> list[Mention]:
        """'the two countries', 'both leaders': the last two named before."""
        persons = match.group(1).lower() in PERSON_PAIRS
        if persons:
            source = [p.code for p in self.memory.persons] + [m.code for m in earlier if m.kind in ("person", "title")]
        else:
            source = self.memory.order + [m.code for m in earlier if m.kind in ("country", "organisation")]
        return [Mention(base + match.start(), base + match.end(), code, "pair", self.gaz.names.get(code, code), index)
                for code in self._last_two(source)]

    @staticmethod
    def _last_two(source: list) -> list[str]:
        codes: list[str] = []
        for code in reversed(source):
            if code and code not in codes:
                codes.append(code)
            if len(codes) == 2:
                break
        return codes if len(codes) == 2 else []

    def _remember(self, mention: Mention) -> None:
        memory = self.memory
        if mention.code and mention.kind != "pair":
            memory.codes[mention.code] += 1
            memory.order.append(mention.code)
        if mention.kind in ("person", "title") and mention.code:
            memory.persons.append(mention)
        if mention.kind == "person":
            if mention.actor_id is not None:
                memory.seen_actors.add(mention.actor_id)
            if mention.new:  # "Patel" later in the article is "Home Secretary Priti Patel"
                memory.local.setdefault(fold(re.findall(r"\w+", mention.name)[-1]), mention)


def _adjacent(prefix: Mention, start: int, text: str, base: int) -> bool:
    """The country word belongs to the title: "France's interior minister",
    also across a ministry's name ("Russian Foreign Ministry spokeswoman")."""
    gap = text[prefix.end - base:start - base]
    return gap.strip() in ("", "'", "'s") or bool(_MINISTRY_GAP.match(gap))


_MINISTRY_GAP = re.compile(
    r"^(?:'s?)?\s+(?:[A-Z][a-z]+\s+){0,2}(?:Ministry|Office|Department|Embassy|Navy|Army|Government|Mission)\s+$")


def _skip_ranks(tokens, folded, j) -> int:
    while j < len(tokens) and folded[j] in RANKS:
        j += 1
        if j < len(tokens) and tokens[j] == ".":
            j += 1
    return j


def _name_run(tokens, folded, j) -> int:
    """End of a run of capitalised words (with particles and hyphens) from j."""
    k = j
    while k < len(tokens) and k - j < 6:
        token = tokens[k]
        if token[:1].isupper() and token.isalpha() and folded[k] not in NOT_NAMES:
            k += 1
        elif folded[k] in NAME_JOINERS and k + 1 < len(tokens) and tokens[k + 1][:1].isupper() and k > j:
            k += 1
        elif token == "-" and k > j and k + 1 < len(tokens) and tokens[k + 1].isalpha():
            k += 2
        else:
            break
    return k

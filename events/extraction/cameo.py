"""Stage 3b: the CAMEO verb lexicon: a verb and its dependents -> the CAMEO code of the act.

The data, `data/cameo_verbs.json`, is derived from PETRARCH2's CAMEO verb dictionary
(MIT, see `data/LICENSE-PETRARCH2.md`) by `events/extraction/derive/cameo_verbs.py`.
A verb has a default code (None: alone it is no event) and patterns that name words of
its direct object, of its prepositional phrases and of its subject:

    lexicon = VerbLexicon.load()
    lexicon.code("expel", objects=["three", "russian", "diplomats"])   # Match(code='174', ...)

The most specific pattern whose words are all found wins; a pattern's code may be None
too: that use of the verb is no event ("draw a picture"). Patterns are indexed by their
first required word, so a verb with hundreds of them tries only the few that can match.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

DEFAULT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "cameo_verbs.json")
MARKERS = ("+", "$")  # the target and the source: they say where the sides are, they match anything


@dataclass(frozen=True)
class Match:
    code: str | None             # None: the lexicon says this use is no event
    pattern: str                 # the pattern as the dictionary writes it ("* AMBASSADOR [161]"), "" for the default
    specific: int                # how many words of the pattern matched (0 for the default)
    target_in_prep: str | None   # the preposition whose object is the target (`(TO +)`)
    target_code: str | None = None  # `[042:043]`: what the target does in return (043: host a visit)


def fold(word: str) -> str:
    """Singular and plural read alike: 'sanctions' -> 'sanction', 'parties' -> 'party', 'taxes' -> 'tax'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(words) -> tuple[str, ...]:
    return tuple(fold(word.lower()) for word in words)


def _unit(text: str) -> tuple[str, ...]:
    """'&military aid' -> ('&military', 'aid'): a set name keeps its '&', a word is folded."""
    return tuple(token if token[0] in "&+$" else fold(token) for token in text.split())


@dataclass(frozen=True)
class _Pattern:
    code: str | None
    target_code: str | None
    text: str
    specific: int
    own: bool          # written for this very verb, not for its whole block
    order: int
    objects: tuple
    preps: tuple       # ((preposition, units), ...)
    subject: tuple
    target_in_prep: str | None
    literals: frozenset  # the pattern's words as written, for the exact-form tie-break


@dataclass(frozen=True)
class _Context:
    objects: tuple
    preps: tuple
    subject: tuple
    raw: frozenset     # every word as given, lower case

    @classmethod
    def of(cls, objects, preps, subject) -> "_Context":
        raw = [w.lower() for w in (*objects, *subject)] + [w.lower() for p, ws in preps for w in (p, *ws)]
        preps = tuple((p.lower(), _words(ws)) for p, ws in preps)
        return cls(_words(objects), preps, _words(subject), frozenset(raw))

    def words(self) -> set[str]:
        return {*self.objects, *self.subject, *(w for p, ws in self.preps for w in (p, *ws))}


def _compile(entry: dict) -> dict[str, list[_Pattern]]:
    """A verb's patterns, indexed by the first word each requires ("" when it requires none)."""
    index: dict[str, list[_Pattern]] = {}
    for order, raw in enumerate(entry["patterns"]):
        preps = tuple((prep, tuple(_unit(u) for u in units if u not in MARKERS)) for prep, units in raw["prep"])
        pattern = _Pattern(
            code=raw["code"], target_code=raw.get("target_code"), text=raw["text"], specific=raw["specific"],
            own=raw.get("own", False), order=order, objects=tuple(_unit(u) for u in raw["object"]),
            preps=preps, subject=tuple(_unit(u) for u in raw["subject"]),
            target_in_prep=next((prep for prep, units in raw["prep"] if "+" in units), None),
            literals=frozenset(w for u in raw["object"] + raw["subject"] for w in u.split() if w[0] != "&"))
        index.setdefault(_key(pattern), []).append(pattern)
    return index


def _key(pattern: _Pattern) -> str:
    tokens = [t for u in pattern.objects + pattern.subject for t in u]
    tokens += [t for _, units in pattern.preps for u in units for t in u] + [prep for prep, _ in pattern.preps]
    return next((t for t in tokens if t[0] != "&"), tokens[0] if tokens else "")


class VerbLexicon:
    """CAMEO codes for verbs and their dependents; see the module docstring."""

    def __init__(self, data: dict):
        self._verbs: dict[str, dict] = data["verbs"]
        self._sets: dict[str, dict[str, list[tuple]]] = {}
        self._set_heads: dict[str, set[str]] = {}
        for name, members in data["sets"].items():
            for member in members:
                words = _words(member.split())
                self._sets.setdefault(name, {}).setdefault(words[0], []).append(words)
                self._set_heads.setdefault(words[0], set()).add("&" + name)
        self._lemmas, self._forms = _lemma_table(self._verbs)
        self._compounds: dict[str, list[tuple[tuple, str]]] = {}
        for lemma in self._verbs:
            if " " in lemma:
                head, *rest = lemma.split()
                self._compounds.setdefault(head, []).append((_words(rest), lemma))
        self._compiled: dict[str, dict[str, list[_Pattern]]] = {}

    @classmethod
    def load(cls, path: str | None = None) -> "VerbLexicon":
        with open(path or DEFAULT_PATH, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def lemma(self, word: str) -> str | None:
        """An inflected form -> its lemma ('expelled' -> 'expel'); a phrasal verb's first word -> that word's lemma."""
        return self._lemmas.get(word.lower())

    def phrasal(self, lemma: str, particle: str) -> str | None:
        """('bring', 'out') -> 'bring out' when the lexicon has it."""
        candidate = f"{lemma} {particle}".lower()
        return candidate if candidate in self._verbs else None

    def forms(self) -> frozenset[str]:
        """Every one-word form of every verb, for a cheap pre-filter of sentences."""
        return self._forms

    def code(self, lemma: str, *, objects=(), preps=(), subject=()) -> Match | None:
        """The CAMEO code of `lemma` used with these dependents; None if the lexicon lacks the verb.

        `objects`: the words of the direct object (head last), `preps`: (preposition,
        words of its object) pairs, `subject`: the words of the subject. A verb whose
        lexicon entry has a second word ("meet with", "wage war") is tried too, with
        that word found among the prepositions or the object.
        """
        lemma = lemma.lower()
        if lemma not in self._verbs:
            return None
        context = _Context.of(objects, preps, subject)
        best = self._best(lemma, context)
        for rest, compound in self._compounds.get(lemma, ()):
            found = self._compound(compound, rest, context)
            if found is not None and found.specific > best.specific:
                best = found
        return best

    def _best(self, lemma: str, context: _Context) -> Match:
        index = self._compiled.get(lemma)
        if index is None:
            index = self._compiled[lemma] = _compile(self._verbs[lemma])
        keys = context.words() | {""}
        keys |= {name for word in keys for name in self._set_heads.get(word, ())}
        found = [p for key in keys for p in index.get(key, ()) if self._matches(p, context)]
        if not found:
            entry = self._verbs[lemma]
            return Match(entry["code"], "", 0, None, entry.get("target_code"))
        best = min(found, key=lambda p: (-p.specific, not p.own, -len(p.literals & context.raw), p.order))
        return Match(best.code, best.text, best.specific, best.target_in_prep, best.target_code)

    def _compound(self, compound: str, rest: tuple, context: _Context) -> Match | None:
        """'meet' + (with, [x]) -> 'meet with' + object x; 'wage' + object 'war' -> 'wage war'."""
        prep = next((ws for p, ws in context.preps if (p,) == rest), None)
        if prep is not None:
            others = tuple((p, ws) for p, ws in context.preps if (p,) != rest)
            inner = _Context(context.objects + prep, others, context.subject, context.raw)
        elif self._found(rest, context.objects):
            inner = context
        else:
            return None
        match = self._best(compound, inner)
        return Match(match.code, match.pattern or compound, match.specific + len(rest),
                     match.target_in_prep, match.target_code)

    def _matches(self, pattern: _Pattern, context: _Context) -> bool:
        return (all(self._found(unit, context.objects) for unit in pattern.objects)
                and all(self._found(unit, context.subject) for unit in pattern.subject)
                and all(any(p == prep and all(self._found(unit, ws) for unit in units) for p, ws in context.preps)
                        for prep, units in pattern.preps))

    def _found(self, unit: tuple, words: tuple) -> bool:
        return any(self._at(unit, 0, words, start) for start in range(len(words)))

    def _at(self, unit: tuple, token: int, words: tuple, at: int) -> bool:
        """Whether unit[token:] matches words from `at` on, consecutively; a set tries each member."""
        if token == len(unit):
            return True
        if at >= len(words):
            return False
        wanted = unit[token]
        if wanted[0] != "&":
            return wanted == words[at] and self._at(unit, token + 1, words, at + 1)
        members = self._sets.get(wanted[1:], {}).get(words[at], ())
        return any(words[at:at + len(m)] == m and self._at(unit, token + 1, words, at + len(m)) for m in members)


def _lemma_table(verbs: dict) -> tuple[dict[str, str], frozenset[str]]:
    """Form -> lemma: a verb's own base first, then its inflections, then the first word of phrasal verbs."""
    ranked: dict[str, tuple[int, str]] = {}
    for lemma, entry in verbs.items():
        head = lemma.split()[0]
        for form in entry["forms"]:
            word = form.split()[0]
            rank = 0 if " " in lemma else (2 if word == lemma else 1)
            if word not in ranked or rank > ranked[word][0]:
                ranked[word] = (rank, head)
    return {word: lemma for word, (_, lemma) in ranked.items()}, frozenset(ranked)

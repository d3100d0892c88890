"""The pattern grammar of PETRARCH2's CAMEO verb dictionary, for cameo_verbs.py.

A pattern line reads `- <before> * <after> [code] # VERB`: `*` is the verb, words are
nouns (the heads of phrases), `{...}` a multi-word unit, `(...)` a prepositional phrase,
`&SET` a synonym set, `+` the target and `$` the source. Where the grammar is loose:

- the first word after `*` is a particle when it is one ("* OUT VIEWS": "set out views");
- a bare preposition (TABARI's `* FROM GUARD`) opens a phrase that takes the words after it;
- `^` and `%` (skip a phrase, a compound actor) match anything and are left out, as are
  auxiliaries before the verb (`+ BEEN * BY $`: the parse stage reads the passive itself);
- `A/B` is two patterns, one with each word.
"""
from __future__ import annotations

import itertools
import re

# PETRARCH2 reads these through its own auxiliary sets (&AUXVERB1_ ...), never as verbs
# that carry an event; "be determined" and "been ... by" are their uses in the dictionary.
AUXILIARIES = frozenset(
    "be is are am was were been being have has had having do does did will would shall should "
    "can could may might must".split())
# Words that after the verb are a particle ("set out"), never a preposition.
PARTICLES = frozenset("up out off down back away forward aside together apart ahead forth".split())
# Both: a particle when alone after the verb ("give in"), a preposition before a noun.
PARTICLE_OR_PREPOSITION = frozenset("in on over through about around along by".split())
PREPOSITIONS = frozenset(
    "about above across after against along amid among around as at before behind below beneath "
    "beside between beyond by during for from in inside into near of on onto outside over per since "
    "through throughout to toward towards under until upon via with within without".split())
MARKERS = ("+", "$")          # target and source: kept in a phrase's words, never matched
WILDCARDS = ("^", "%")         # skip a phrase, a compound actor: they match anything

_CODE = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
_TOKEN = re.compile(r"[(){}]|[^\s(){}]+")


class Dropped(Exception):
    """A line the lexicon leaves out; the message is the reason counted in the summary."""


def code_parse(raw: str) -> tuple[str | None, str | None]:
    """'0311' -> ('0311', None); '042:043' -> ('042', '043'); ':110' -> (None, '110'); '---' -> (None, None)."""
    first, _, second = raw.partition(":")
    return _code(first), _code(second)


def _code(text: str) -> str | None:
    digits = text.strip().rstrip("!")  # one pattern reads [080!]
    return digits if digits.isdigit() else None


def set_name(token: str) -> str:
    return token.lstrip("&").rstrip("_").lower()


def word_text(token: str) -> str:
    return token.strip("_").replace("_", " ").lower()


def _items(text: str) -> list:
    """Words, ('(', [...]) prepositional phrases and ('{', [...]) multi-word units, nested."""
    top: list = []
    stack: list = []
    for token in _TOKEN.findall(text):
        if token in "({":
            stack.append((token, []))
        elif token in ")}":
            if not stack or stack[-1][0] != "({"[")}".index(token)]:
                raise Dropped("unbalanced brackets in a pattern")
            item = stack.pop()
            (stack[-1][1] if stack else top).append(item)
        else:
            (stack[-1][1] if stack else top).append(token)
    if stack:
        raise Dropped("unbalanced brackets in a pattern")
    return top


def _unit(item, sets: dict) -> str | None:
    """A word, a marker or a `{...}` unit as the text the matcher reads ("&military aid")."""
    if isinstance(item, str):
        if item in WILDCARDS or item.lower() in AUXILIARIES:
            return None
        if item in MARKERS:
            return item
        words = [item]
    else:
        words = [word for word in item[1] if isinstance(word, str)]
    tokens = []
    for word in words:
        if word.startswith("&"):
            if set_name(word) not in sets:
                raise Dropped("pattern naming an undefined set")
            tokens.append("&" + set_name(word))
        elif word not in WILDCARDS and word not in MARKERS:
            tokens.append(word_text(word))
    return " ".join(tokens) or None


def _units(items, sets: dict) -> list[str]:
    return [unit for unit in (_unit(item, sets) for item in items) if unit]


def _after(items: list, sets: dict) -> tuple[str | None, list, list]:
    """What follows `*`: (particle, object units, [[preposition, units], ...])."""
    particle, objects, preps, open_prep = None, [], [], None
    for index, item in enumerate(items):
        if isinstance(item, tuple) and item[0] == "(":
            words = item[1]
            if not words or not isinstance(words[0], str):
                raise Dropped("prepositional phrase without a preposition")
            head = words[0].lower()
            if index == 0 and head in PARTICLES:
                particle, objects = head, objects + _units(words[1:], sets)
            else:
                preps.append([head, _units(words[1:], sets)])
            open_prep = None
            continue
        word = item.lower() if isinstance(item, str) else ""
        alone = len(items) == 1
        if index == 0 and (word in PARTICLES or (word in PARTICLE_OR_PREPOSITION and alone)):
            particle = word
        elif word in PREPOSITIONS:
            open_prep = [word, []]
            preps.append(open_prep)
        elif word in MARKERS and open_prep is None:
            continue  # a bare target after the verb is its object: nothing more to require
        else:
            unit = _unit(item, sets)
            if unit:
                (open_prep[1] if open_prep else objects).append(unit)
    return particle, objects, preps


def _before(items: list, sets: dict) -> list[str]:
    """What precedes `*`: the subject's words; a phrase's preposition is left out."""
    units = []
    for item in items:
        if isinstance(item, tuple) and item[0] == "(":
            units += _units(item[1][1:], sets)
        elif item not in MARKERS:
            units += _units([item], sets)
    return units


def _alternatives(text: str) -> list[str]:
    """`(BY/WITH SANCTIONS)` is two patterns, one a preposition."""
    parts = [part.split("/") for part in re.split(r"(\s+|[(){}])", text)]
    return ["".join(choice) for choice in itertools.product(*parts)]


def pattern_read(body: str, sets: dict) -> list[dict]:
    """One pattern line (after '-', comment removed) -> its pattern dicts, particle included."""
    found = _CODE.search(body)
    if found is None:
        raise Dropped("pattern without a code")
    code, target_code = code_parse(found["code"])
    text = " ".join(body[:found.start()].split())
    if text.split().count("*") != 1:
        raise Dropped("pattern whose verb marker is joined to a word (*_LAWS, SPY_*_DEAL)")
    patterns = []
    for alternative in _alternatives(text):
        before, _, after = alternative.partition("*")
        particle, objects, preps = _after(_items(after), sets)
        subject = _before(_items(before), sets)
        if not (objects or preps or subject or particle) and _names_words(alternative):
            raise Dropped("pattern naming only an auxiliary (WILL *)")
        pattern = {"code": code, "object": objects, "prep": preps, "subject": subject,
                   "specific": _specific(objects, preps, subject),
                   "text": f"{text} [{found['code']}]"}
        if target_code:
            pattern["target_code"] = target_code
        patterns.append((particle, pattern))
    return patterns


def _names_words(text: str) -> bool:
    return any(token not in ("*", *MARKERS, *WILDCARDS) for token in _TOKEN.findall(text))


def _specific(objects: list, preps: list, subject: list) -> int:
    def size(units):
        return sum(len(unit.split()) for unit in units if unit not in MARKERS)
    return size(objects) + size(subject) + sum(1 + size(units) for _, units in preps)

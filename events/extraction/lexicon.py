"""Stage 3a: load the trigger lexicon (triggers.yaml) and compile it.

Patterns are data an editor can extend; this module turns the shorthands
(<verb>, {CLASS}, {ENT}, ...) into compiled regular expressions, and gives each
pattern the set of words one of which must occur in a sentence for the pattern
to be tried at all: most patterns are skipped by a set lookup, which keeps the
engine fast however long the lexicon grows.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LEXICON = os.path.join(HERE, "triggers.yaml")
DEFAULT_TITLES = os.path.join(HERE, "titles.yaml")
ENTITY = "@+(?:'s?)?"  # a mention, masked with '@' in the shadow text
MODES = ("agent", "patient", "speaker", "nominal")
_VERB = re.compile(r"(?<!\?P)<([a-z][a-z-]*)>")
_CLASS = re.compile(r"\{([A-Z]+)\}")
_DOUBLING = re.compile(r"^[^aeiou]*[aeiou][bdgmnprt]$")


def inflect(verb: str, irregular: dict) -> list[str]:
    """Every form of a verb: base, third person, past, participle, -ing."""
    if verb in irregular:
        forms = [verb]
        for form in irregular[verb]:
            forms += str(form).split("|")
        return forms
    if verb.endswith("ee"):
        return [verb, verb + "s", verb + "d", verb + "ing"]
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if re.search(r"[^aeiou]y$", verb):
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if re.search(r"(s|sh|ch|x|z)$", verb):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    if _DOUBLING.match(verb):
        return [verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


@dataclass
class Pattern:
    type: str
    regex: re.Pattern
    keys: frozenset       # one of these strings must be in a sentence for the pattern to be tried
    mode: str = "agent"
    confidence: float = 0.6
    source: str = ""


@dataclass
class Lexicon:
    patterns: list = field(default_factory=list)
    options: dict = field(default_factory=dict)    # type slug -> {"absorbs", "yields", "infer_source": bool}
    participles: frozenset = frozenset()           # for the passive test: "was expelled"
    verb_forms: dict = field(default_factory=dict)  # form -> base
    rules: dict = field(default_factory=dict)       # what modality does to a type, sideless types... (`rules:`)


def _expand(raw: str, classes: dict, irregular: dict, keys: set, forms_of: dict) -> str:
    first = [True]

    def verb(match: re.Match) -> str:
        forms = inflect(match.group(1), irregular)
        keys.update(forms)
        for form in forms:
            forms_of.setdefault(form, match.group(1))
        alternation = "|".join(sorted(set(forms), key=len, reverse=True))
        if first[0]:
            first[0] = False
            return rf"\b(?P<head>{alternation})\b"
        return rf"\b(?:{alternation})\b"

    pattern = raw.replace(" ... ", r" (?:\S+ ){0,5}?").replace("...", r"(?:\S+ ){0,5}?")
    pattern = _CLASS.sub(lambda m: ENTITY if m.group(1) == "ENT" else classes[m.group(1)], pattern)
    pattern = _VERB.sub(verb, pattern)
    return pattern


def _close(rx: str, i: int) -> int:
    """Index of the parenthesis closing the one at i."""
    depth, j = 0, i
    while j < len(rx):
        if rx[j] == "\\":
            j += 2
            continue
        depth += {"(": 1, ")": -1}.get(rx[j], 0)
        if depth == 0:
            return j
        j += 1
    return len(rx) - 1


def _alternatives(body: str) -> list[str]:
    parts, depth, last, j = [], 0, 0, 0
    while j < len(body):
        if body[j] == "\\":
            j += 2
            continue
        if body[j] in "([":
            depth += 1
        elif body[j] in ")]":
            depth -= 1
        elif body[j] == "|" and depth == 0:
            parts.append(body[last:j])
            last = j + 1
        j += 1
    return parts + [body[last:]]


def required_literals(rx: str) -> set[str] | None:
    """Literal strings one of which every match of `rx` must contain (taken
    from its first required item), or None when none can be told."""
    i = 0
    while i < len(rx):
        if rx.startswith("\\b", i) or rx.startswith('"?', i) or rx.startswith("\\s*", i):
            i += 2 if not rx.startswith("\\s*", i) else 3
            continue
        if rx[i] == "(":
            j = _close(rx, i)
            if rx[j + 1:j + 2] in ("?", "*") or rx.startswith("{0", j + 1):
                i = rx.find("}", j) + 1 if rx[j + 1:j + 2] == "{" else j + 2
                if rx[i:i + 1] == "?":
                    i += 1
                continue
            body = re.sub(r"^\?(?::|P<\w+>)", "", rx[i + 1:j])
            found: set[str] = set()
            for alternative in _alternatives(body):
                keys = required_literals(alternative)
                if not keys:
                    return None
                found |= keys
            return found
        literal = re.match(r"[a-z0-9' -]+", rx[i:], re.I)
        if not literal:
            return None
        text = literal.group(0)
        if rx[i + len(text):i + len(text) + 1] in ("?", "*", "{"):
            text = text[:-1]
        text = text.strip().lower()
        return {text} if len(text) >= 2 else None
    return None


def _minimal(keys: set[str]) -> set[str]:
    """Drop keys that contain another key: 'condemn' finds 'condemned' too."""
    return {key for key in keys if not any(other != key and other in key for other in keys)}


def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and compile a trigger file (default: the packaged triggers.yaml)."""
    with open(path or DEFAULT_LEXICON, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    classes, irregular = data.get("classes") or {}, data.get("verbs") or {}
    lexicon = Lexicon(rules=data.get("rules") or {})
    participles = set()
    for slug, spec in (data.get("types") or {}).items():
        lexicon.options[slug] = {key: bool(spec.get(key)) for key in ("absorbs", "yields", "infer_source")}
        for entry in spec.get("patterns") or []:
            entry = entry if isinstance(entry, dict) else {"pattern": entry}
            regex = _expand(entry["pattern"], classes, irregular, set(), lexicon.verb_forms)
            keys = _minimal(required_literals(regex) or set())
            mode = entry.get("mode", "agent")
            if mode not in MODES:
                raise ValueError(f"{slug}: unknown mode {mode!r}")
            lexicon.patterns.append(Pattern(slug, re.compile(regex, re.I), frozenset(keys), mode,
                                            float(entry.get("confidence", 0.6)), entry["pattern"]))
    for form, base in lexicon.verb_forms.items():
        if form.endswith(("ed", "en", "wn")) or form in ("met", "held", "sent", "cut", "put", "told", "struck",
                                                          "sought", "brought", "set", "shut", "led", "sunk"):
            participles.add(form)
    lexicon.participles = frozenset(participles)
    return lexicon


def load_titles(path: str | None = None) -> dict:
    with open(path or DEFAULT_TITLES, encoding="utf-8") as handle:
        return yaml.safe_load(handle)

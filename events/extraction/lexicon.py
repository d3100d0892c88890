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
    keys: frozenset       # one of these words must be in the sentence
    mode: str = "agent"
    confidence: float = 0.6
    source: str = ""


@dataclass
class Lexicon:
    patterns: list = field(default_factory=list)
    options: dict = field(default_factory=dict)    # type slug -> {"absorbs": bool, "yields": bool}
    participles: frozenset = frozenset()           # for the passive test: "was expelled"
    verb_forms: dict = field(default_factory=dict)  # form -> base


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

    pattern = raw.replace("...", r"(?:\S+ ){0,5}?")
    pattern = _CLASS.sub(lambda m: ENTITY if m.group(1) == "ENT" else classes[m.group(1)], pattern)
    pattern = _VERB.sub(verb, pattern)
    return pattern


def _literal_keys(raw: str) -> set[str]:
    """Words a pattern without a verb shorthand cannot match without: the
    alternatives of its first group, or its first word."""
    text = re.sub(r"\{[A-Z]+\}|\(\?P<\w+>|\(\?:", "(", raw)
    group = re.match(r"\s*\\?\"?\??\(([a-z|' -]+)\)", text)
    if group:
        return {alt.split()[0] for alt in group.group(1).split("|") if alt.strip()}
    word = re.search(r"[a-z]{3,}", text)
    return {word.group(0)} if word and not text.lstrip().startswith(("(", "\\")) else set()


def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and compile a trigger file (default: the packaged triggers.yaml)."""
    with open(path or DEFAULT_LEXICON, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    classes, irregular = data.get("classes") or {}, data.get("verbs") or {}
    lexicon = Lexicon()
    participles = set()
    for slug, spec in (data.get("types") or {}).items():
        lexicon.options[slug] = {"absorbs": bool(spec.get("absorbs")), "yields": bool(spec.get("yields"))}
        for entry in spec.get("patterns") or []:
            entry = entry if isinstance(entry, dict) else {"pattern": entry}
            keys: set[str] = set()
            regex = _expand(entry["pattern"], classes, irregular, keys, lexicon.verb_forms)
            keys = keys or _literal_keys(entry["pattern"])
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

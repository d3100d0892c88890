"""One publishable line per suggestion: "Poland expels three Belarusian diplomats".

From the tree when the act is a verb: who acted, the verb in the present tense
(headline style), what it acted on and its first prepositional phrase, in the
article's own words ("EU threatens Belarus with new sanctions"). A passive is
turned around ("Three diplomats were expelled by Poland" -> "Poland expels
three diplomats"); what the words around the act do shows ("France to recall
its ambassador", "Hungary refuses to lift its veto", "Turkey threatens to expel
...", "Spain may recognise ..."). Without a verb (a noun trigger, a pattern on
words), the event type's headline template is filled in
("{source} recalls its ambassador from {target}"). Never an arrow, never an
ISO date: the dates are fields of their own.
"""
from __future__ import annotations

import re

from . import syntax

MAX_WORDS = 9
MODAL = {"future": "to {base}", "threatened": "threatens to {base}", "refused": "refuses to {base}",
         "hypothetical": "may {base}"}
TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday week weekend month year day
    morning evening night""".split())
IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}
_SPACE = re.compile(r"\s+")


def names(side: list[dict]) -> str:
    found = [p["name"] for p in side if p.get("name")]
    found = list(dict.fromkeys(found))
    if not found:
        return ""
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def third_person(base: str, plural: bool = False) -> str:
    if plural:
        return base
    if base in IRREGULAR:
        return IRREGULAR[base]
    if re.search(r"(?:s|sh|ch|x|z|o)$", base):
        return base + "es"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    return base + "s"


def _text(tokens) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    if len(tokens) > MAX_WORDS:
        tokens = tokens[:MAX_WORDS]
    text = _SPACE.sub(" ", "".join(t.text_with_ws for t in tokens)).strip(" ,;:-\"'")
    if tokens and tokens[0].i == 0 and tokens[0].tag_ not in ("NNP", "NNPS"):
        text = text[:1].lower() + text[1:]  # "Three diplomats were expelled" -> "expels three diplomats"
    return text


def _phrase_text(head) -> str:
    tokens = [t for t in syntax.phrase(head) if t.dep_ not in ("appos",) and not _inside_appos(t, head)]
    return _text(tokens)


def _inside_appos(token, head) -> bool:
    current = token
    while current.i != head.i and current.head.i != current.i:
        if current.dep_ == "appos":
            return True
        current = current.head
    return False


def from_tree(verb, lemma: str, source: str, modality: str, plural: bool) -> str:
    """'Poland expels three Belarusian diplomats' from the verb's tree."""
    found = syntax.frame(verb)
    words = []
    if found.particle:
        words.append(found.particle)
    nouns = sorted((o for o in found.objects if o.tag_ != "IN"), key=lambda t: t.i)[:2]
    objects = [syntax.relative_antecedent(o) for o in nouns]
    words += [_phrase_text(o) for o in objects]  # "gives Ukraine | an ultimatum"
    datives = [o for o in found.objects if o.dep_ == "dative" and o.tag_ == "IN"]
    if datives:  # "grants asylum | to the former president"
        words.append(_phrase_text(datives[0]))
    seen = {t.i for head in objects for t in syntax.phrase(head)}
    for prep, obj in found.preps:
        if prep.i in seen or prep.head.i != verb.i and prep.head.i not in {h.i for h in objects}:
            continue
        if obj.lower_ in TIME_WORDS or obj.like_num:
            continue  # "on Tuesday", "in 2019": the date has a field of its own
        words.append(prep.lower_ + " " + _phrase_text(obj))
        break
    else:
        clauses = [c for c in verb.children if c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children)]
        if clauses and not datives:  # "accuses Sweden | of harbouring terrorists"
            words.append(_text([t for t in clauses[0].subtree]))
    complements = [c for c in verb.children if c.dep_ == "xcomp"]
    if complements:  # "urges Moldova to resume talks"
        words.append(_text([t for t in complements[0].subtree if t.dep_ != "punct"]))
    base = lemma
    template = MODAL.get(modality)
    act = template.format(base=base) if template else third_person(base, plural)
    line = " ".join(w for w in [source, act, *words] if w)
    return _cap(line)


def from_template(template: str, type_name: str, source: str, target: str, participants: str) -> str:
    if "{target}" in template and not target:
        template = ""  # "Greenland rejects another party's position" says less than "Greenland: Rejection"
    if template and (source or participants or "{" not in template):
        line = template.format(source=source or "", target=target or "another party",
                               participants=participants or source or "")
        return _cap(_SPACE.sub(" ", line).strip())
    who = participants or source
    return _cap(f"{who}: {type_name}" if who else type_name)


def _cap(line: str) -> str:
    line = line.replace(" 's", "'s").replace(" ,", ",")
    return line[:1].upper() + line[1:] if line else line


def headline(*, verb, lemma: str | None, modality: str, source: list, target: list, participants: list,
             event_type: dict) -> str:
    """The suggestion's one-line summary."""
    who = names(source) or names(participants)
    if verb is not None and lemma and who:
        plural = len({p.get("code") for p in (source or participants)}) > 1
        return from_tree(verb, lemma, who, modality, plural)
    return from_template(event_type.get("headline") or "", event_type.get("name") or "",
                         names(source), names(target), names(participants))

"""Stage 3d: code parsed verbs with CAMEO and give every trigger its sides from the tree.

Two sources of triggers meet here. The hand-written patterns of
`triggers.yaml` (found on the masked text, stage 3b) come first: they are the
overrides. Every other verb of a parsed sentence is looked up in the verb
lexicon derived from the CAMEO dictionary (`cameo.py`): its lemma, particle,
object and prepositional phrases give a CAMEO code, and the code gives the
event type through the types' `cameo_codes` (data, editable in the admin).

Either way, when the sentence was parsed the sides come from the tree
(`syntax.py`), mapped onto the gazetteer's mentions by character offsets; the
word-order sides of stage 3b stay only where the tree names nobody.
"""
from __future__ import annotations

from dataclasses import replace

from . import syntax
from .events import Trigger, unique_codes
from .mentions import Mention

# a verb form standing as a preposition or modifier ("according to", "the proposed talks") is no act
NOT_ACTS = frozenset({"aux", "auxpass", "prep", "amod", "compound", "npadvmod", "mark", "advmod"})
JOINT_WORDS = frozenset({"jointly", "together", "joint", "both", "mutually", "bilateral"})


class Coder:
    """CAMEO codes for verbs and the event type of each code."""

    def __init__(self, verbs, types: dict, rules: dict):
        self.verbs, self.rules = verbs, rules
        self.by_code: dict[str, str] = {}
        for slug, row in types.items():
            for code in row.get("cameo_codes") or []:
                self.by_code[str(code)] = slug
        self.skip_codes = frozenset(str(c) for c in rules.get("uncoded", []))
        self.skip_lemmas = frozenset(rules.get("skip_verbs", []))
        self.pattern_only = frozenset(rules.get("pattern_only_verbs", []))
        self.object_roots = frozenset(rules.get("object_roots", []))
        confidence = rules.get("cameo_confidence") or {}
        self.confidence = {"pattern": float(confidence.get("pattern", 0.5)),
                           "default": float(confidence.get("default", 0.4))}
        self.forms = frozenset(f for f in verbs.forms() if verbs.lemma(f) not in self.skip_lemmas)
        # forms of verbs that state an act by themselves ("expels", "condemned"): enough,
        # with one named party, to parse a sentence; other verbs need two parties named
        self.strong = frozenset(f for f in self.forms if self._strong(verbs.lemma(f)))

    def _strong(self, lemma: str | None) -> bool:
        if lemma is None or lemma in self.pattern_only:
            return False
        match = self.verbs.code(lemma)
        return bool(match and match.code and match.code not in self.skip_codes)

    def type_of(self, code: str | None) -> str | None:
        """The type owning a code, or its nearest ancestor's ('1912' -> '191' -> '190')."""
        if not code:
            return None
        for key in (code, code[:3], code[:2] + "0", code[:2]):
            if key in self.by_code:
                return self.by_code[key]
        return None

    def code(self, verb):
        """The lexicon's Match for a verb token, or None when it states no event."""
        lemma = self.verbs.lemma(verb.lower_)
        if lemma is None or lemma in self.skip_lemmas:
            return None
        found = syntax.frame(verb)
        if found.particle:
            lemma = self.verbs.phrasal(lemma, found.particle) or lemma
        objects = [w for head in found.objects for w in syntax.object_words(head)]
        preps = [(p.lower_, syntax.object_words(g)) for p, g in found.preps]
        subject = [w for head in found.subject for w in syntax.object_words(head)]
        match = self.verbs.code(lemma, objects=objects, preps=preps, subject=subject)
        if match is None or not match.code or match.code in self.skip_codes:
            return None
        if not match.specific and lemma in self.pattern_only:
            return None
        return match


def covered(doc, triggers: list[Trigger], base: int) -> set[int]:
    """Token indices inside the hand-written triggers of a sentence, and the verbs
    those words hang on ("ordered | its envoys ... back home for consultations")."""
    taken = set()
    for trigger in triggers:
        first = syntax.verb_token(doc, trigger.start - base)
        last = syntax.verb_token(doc, trigger.end - 1 - base)
        if first is not None and last is not None:
            taken.update(range(first.i, last.i + 1))
        head = syntax.verb_token(doc, trigger.head - base)
        verb = syntax.governing_verb(head) if head is not None else None
        if verb is not None:
            taken.add(verb.i)
    return taken


def cameo_triggers(doc, index: int, base: int, coder: Coder, taken: set[int], clause_of) -> list[Trigger]:
    """One trigger per verb of the parsed sentence that the lexicon codes."""
    found = []
    for token in doc:
        if token.tag_ not in syntax.VERB_TAGS or token.i in taken or token.dep_ in NOT_ACTS:
            continue
        if token.lower_ not in coder.forms:
            continue
        match = coder.code(token)
        if match is None:
            continue
        slug = coder.type_of(match.code)
        if slug is None:
            continue
        head = base + token.idx
        kind = "pattern" if match.specific else "default"
        trigger = Trigger(slug, index, head, head + len(token.text), head, "agent", coder.confidence[kind],
                          clause=clause_of(head))
        trigger.cameo, trigger.trigger_text, trigger.pattern = match.code, token.text, match.pattern or kind
        trigger.target_prep, trigger.coded, trigger.specific = match.target_in_prep, True, match.specific
        trigger.object_only = not match.specific and match.code[:2] in coder.object_roots
        found.append(trigger)
    return found


class Sides:
    """Maps tree phrases onto the sentence's gazetteer mentions."""

    def __init__(self, doc, base: int, mentions: list):
        self.doc, self.base, self.mentions = doc, base, mentions

    def of(self, tokens) -> list:
        spans = [(self.base + t.idx, self.base + t.idx + len(t.text)) for t in tokens]
        return [m for m in self.mentions if m.code and any(s < m.end and m.start < e for s, e in spans)]

    def heads(self, heads, exclude=frozenset(), split: bool = False) -> list[list]:
        """Mentions of each head's phrase; with `split`, one group per conjunct."""
        groups = []
        for head in heads:
            members = syntax.conjuncts(head) if split else [head]
            for member in members:
                skip = ("conj", "cc") if split else ()
                tokens = syntax.phrase(member, skip, naming=True)
                mentions = [m for m in self.of(tokens) if m.code not in exclude]
                if mentions:
                    groups.append(mentions)
        return groups


ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "organisation", "GPE": "country"}


def proposed(heads, base: int, entities) -> list:
    """A side the gazetteer does not know: the named entity its head stands in,
    proposed as a new actor (no code: its country only when the text gives one,
    and then the gazetteer has found that word)."""
    out = []
    for head in heads:
        for ent in entities:
            if ent.start <= head.i < ent.end and ent.label_ in ENTITY_KINDS:
                start = base + ent.start_char
                out.append(Mention(start, start + len(ent.text), None, ENTITY_KINDS[ent.label_], ent.text,
                                   new=True))
    return out


def tree_sides(trigger: Trigger, doc, base: int, mentions: list, directed: bool, propose=None) -> list[Trigger]:
    """Fill the trigger's sides from the tree; independent subjects give one trigger each.

    Returns the triggers that replace this one (itself, or one per subject).
    """
    token = syntax.verb_token(doc, trigger.head - base)
    verb = syntax.governing_verb(token) if token is not None else None
    if verb is None:
        return [trigger]
    found = syntax.frame(verb)
    trigger.tense, trigger.verb = found.tense, verb
    if found.negated and trigger.modality == "asserted":
        trigger.modality = "negated"
    sides = Sides(doc, base, mentions)
    if not directed:
        everyone = sides.heads(found.subject + found.agent + found.objects + [g for _, g in found.preps])
        flat = unique_codes([m for group in everyone for m in group])
        subject = [m for group in sides.heads(found.subject) for m in group]
        trigger.source = subject
        trigger.subject_named = bool(subject) or not found.subject
        if len({m.code for m in flat}) >= 2 or not trigger.participants:
            trigger.participants = flat or trigger.participants
        return [trigger]
    source_heads = found.agent if found.passive else found.subject
    if source_heads and all(t.lower_ in syntax.PRONOUNS for t in source_heads):
        # "Germany said that it would ...", "Wagner, which it accused of ...": the clause above names it
        source_heads = syntax.antecedent_subject(verb) or source_heads
    found.objects = [syntax.relative_antecedent(o) for o in found.objects]
    sources = sides.heads(source_heads, split=True)
    if not sources and trigger.source:  # the word-order stage's source stays: keep it off the target
        source_codes_before = {m.code for m in trigger.source}
    else:
        source_codes_before = set()
    if not sources and propose is not None and any(t.tag_ in ("NNP", "NNPS") for t in source_heads):
        found_new = proposed(source_heads, base, propose())
        sources = [found_new] if found_new else []
    source_codes = {m.code for group in sources for m in group} | source_codes_before
    targets = _targets(sides, found, source_codes, trigger.target_prep, trigger.object_only)
    if sources:
        trigger.source = [m for group in sources for m in group]
    if targets:
        trigger.target = targets
    elif sources and trigger.target:
        trigger.target = [m for m in trigger.target if m.code not in source_codes]
    if len(sources) < 2 or _joint(doc):
        return [trigger]
    return [replace(trigger, source=group, target=list(trigger.target)) for group in sources]


def _targets(sides: Sides, found: syntax.Frame, exclude: set, prep: str | None = None,
             object_only: bool = False) -> list:
    """The first of: the object of the lexicon's own preposition ("(TO +)"), direct
    objects, datives, then prepositional objects (not with `object_only`)."""
    pinned = [g for p, g in found.preps if prep and p.lower_ == prep.lower()]
    preps = [] if object_only else [g for p, g in found.preps if p.lower_ in syntax.TARGET_PREPS]
    for heads in (pinned, found.objects, preps):
        groups = sides.heads(heads, exclude=frozenset(exclude))
        if groups:
            return groups[0]
    return []


def _joint(doc) -> bool:
    """'jointly expelled', 'a joint statement', 'together': one act of several."""
    return any(t.lower_ in JOINT_WORDS for t in doc)

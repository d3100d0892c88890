"""Stage 3c: read who did what to whom off the dependency tree.

The parser gives each candidate sentence a tree (spaCy, Penn Treebank tags,
ClearNLP dependency labels). Around a trigger's verb:

- the subject (`nsubj`) is the source; a passive's subject (`nsubjpass`) is
  the target and its agent ("by Darmanin") the source;
- the direct object, the dative, and the objects of prepositions that point at
  someone (to, with, against, on, from...) are the target, in that order, the
  verb's own before its object's ("imposed sanctions on Russia");
- a verb without a subject of its own takes it from the clause it hangs on: a
  coordinated verb from the first verb ("Israel declared ... and summoned"), an
  infinitive from the verb that governs it ("agreed to restore"; "urged China
  to withdraw": China, the object), a relative clause from the noun it
  describes ("Poland, which expelled ...");
- a phrase is its head's subtree less the clauses inside it (a relative clause
  in the subject names other actors: "Germany, which had sanctioned Russia,
  said ..."); appositions stay: "the ambassador, Joel Meyer," is one actor;
- subjects joined by "and" are kept apart (`conjuncts`) so that two states
  acting each on their own give one event each.

Nothing here knows event types: it reads tokens and returns tokens.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

NAMING_PREPS = frozenset({"of", "from"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "mark"})
TARGET_PREPS = ("to", "with", "against", "on", "from", "at", "into", "toward", "towards", "upon", "over",
                "for", "of", "in")
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# an infinitive's subject is its governor's object: "urged China to withdraw"
OBJECT_CONTROL_DEPS = frozenset({"dobj", "dative"})


@dataclass
class Frame:
    """A verb and the phrases around it, as token lists."""
    verb: object
    passive: bool = False
    subject: list = field(default_factory=list)     # head tokens (conjuncts apart)
    agent: list = field(default_factory=list)
    objects: list = field(default_factory=list)     # direct object / dative / passive subject heads
    preps: list = field(default_factory=list)       # (preposition token, object head)
    particle: str | None = None
    negated: bool = False
    tense: str = ""                                 # present | perfect | past | future | other


def phrase(token, skip=(), naming: bool = False) -> list:
    """The head's phrase: its subtree less the clauses inside it, in order. With
    `naming`, only the words that say who the head stands for: its modifiers and
    "of"/"from" phrases ("the President of France", "officials from Poland"), not
    what it is about ("comments on Greenland", "a response in Denmark")."""
    out, stack = [], [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(child for child in children(current) if child.dep_ not in CLAUSE_DEPS
                     and child.dep_ not in skip
                     and not (naming and child.dep_ == "prep" and child.lower_ not in NAMING_PREPS))
    return sorted(out, key=lambda t: t.i)


def conjuncts(token) -> list:
    """'Latvia and Estonia' -> [Latvia, Estonia]; a single head -> [head]."""
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


def children(token) -> list:
    """A token's children, read once per document (spaCy builds them anew on every call)."""
    cache = token.doc.user_data.setdefault("children", {})
    found = cache.get(token.i)
    if found is None:
        found = cache[token.i] = list(token.children)
    return found


def is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in children(verb))


def _own(verb, deps) -> list:
    return [c for c in children(verb) if c.dep_ in deps]


def subject_heads(verb, depth: int = 0) -> tuple[list, bool]:
    """The verb's subject heads and whether they came from another clause."""
    own = _own(verb, ("nsubj", "nsubjpass", "expl"))
    own = [t for t in own if t.dep_ != "expl"]
    if own or depth > 3:
        return own, False
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        heads, _ = subject_heads(verb.head, depth + 1)
        return heads, True
    if verb.dep_ in ("xcomp", "advcl") and verb.head.i != verb.i:
        controllers = _own(verb.head, OBJECT_CONTROL_DEPS) if verb.dep_ == "xcomp" else []
        if controllers:
            return controllers, True
        heads, _ = subject_heads(verb.head, depth + 1)
        return heads, True
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        return [verb.head], True
    return [], False


PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})

RELATIVES = frozenset({"which", "who", "whom", "that"})


def antecedent_subject(verb):
    """For a pronoun subject, the named subject of the clause above: the speaker
    of reported speech ("Germany said that it would send aid"), the main clause of
    a relative one ("the EU placed sanctions on Wagner, which it accused of ...")."""
    current = verb
    for _ in range(5):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.tag_ not in VERB_TAGS:
            continue
        subjects = [c for c in current.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS | RELATIVES]
        if subjects:
            return subjects
    return None


def relative_antecedent(token):
    """'which' in "Wagner, which it accused" stands for Wagner."""
    if token.lower_ in RELATIVES and token.head.dep_ == "relcl" and token.head.head.i != token.head.i:
        return token.head.head
    return token


def tense(verb) -> str:
    """present (expels), perfect (has expelled), past (expelled), future (will expel), other."""
    aux = [c.lower_ for c in children(verb) if c.dep_ in ("aux", "auxpass")]
    if any(a in ("will", "'ll", "shall", "would") for a in aux):
        return "future"
    if any(a in ("has", "have", "'ve", "'s") for a in aux):
        return "perfect"
    if any(a in ("had",) for a in aux):
        return "past"
    if any(a in ("is", "are", "am", "'re") for a in aux):
        return "present"
    if any(a in ("was", "were") for a in aux):
        return "past"
    if verb.tag_ == "VB" and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return tense(verb.head)  # "has offered to mediate": the offer's tense
    return {"VBZ": "present", "VBP": "present", "VBD": "past"}.get(verb.tag_, "other")


def frame(verb) -> Frame:
    """Everything around a verb that names a side (once per verb and document)."""
    cache = verb.doc.user_data.setdefault("frames", {})
    if verb.i not in cache:
        cache[verb.i] = _frame(verb)
    return cache[verb.i]


def _frame(verb) -> Frame:
    passive = is_passive(verb)
    subjects, _ = subject_heads(verb)
    found = Frame(verb=verb, passive=passive, tense=tense(verb))
    for child in children(verb):
        dep = child.dep_
        if dep == "neg":
            found.negated = True
        elif dep == "prt":
            found.particle = child.lower_
        elif dep == "agent":
            found.agent += [g for g in children(child) if g.dep_ == "pobj"]
        elif dep in ("dobj", "dative", "attr", "oprd"):
            found.objects.append(child)
        elif dep == "prep":
            found.preps += [(child, g) for g in children(child) if g.dep_ == "pobj"]
    if passive:
        found.objects = [t for t in subjects if t.dep_ == "nsubjpass"] + found.objects
        found.subject = [t for t in subjects if t.dep_ != "nsubjpass"]
    else:
        found.subject = subjects
    for obj in list(found.objects):  # "sanctions on Russia", "the ambassador of Mali"
        for child in children(obj):
            if child.dep_ == "prep":
                found.preps += [(child, g) for g in children(child) if g.dep_ == "pobj"]
    return found


def object_words(head) -> list[str]:
    """The object phrase as words, head last ("three russian diplomats")."""
    return [t.lower_ for t in phrase(head) if t.i <= head.i and t.dep_ not in ("det", "punct", "poss", "case")]


def verb_token(doc, offset: int):
    """The token starting at (or covering) a character offset of the sentence."""
    starts = doc.user_data.get("starts")
    if starts is None:
        starts = doc.user_data["starts"] = [t.idx for t in doc]
    position = bisect.bisect_right(starts, offset) - 1
    if position < 0:
        return None
    token = doc[position]
    return token if offset < token.idx + max(1, len(token.text)) else None


def governing_verb(token):
    """The verb a trigger word belongs to: itself, or the verb its noun phrase hangs on."""
    current = token
    for _ in range(4):
        if current.tag_ in VERB_TAGS:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None

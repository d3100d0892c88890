"""Stage 3b: find triggers and give each its sides.

Each lexicon pattern runs over a *shadow* of the article in which every mention
is masked with '@' and sentence ends are line breaks (so that a pattern never
spans two sentences). Around each trigger, within its clause:

- the subject is the nearest group of mentions before the trigger ("France,
  the Netherlands, Belgium and the European Commission met"), the object the
  nearest group after it; a passive ("was expelled by Mali") swaps them;
- a speaker-mode trigger ("... is absurd," Frederiksen said) takes the speaker
  as source and whoever else the sentence names as target;
- words before the trigger change what it means: "refused to expel" is a
  rejection, "threatened to recall" a threat, "may impose" hypothetical,
  "did not meet" no event.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, Pattern
from .mentions import Mention

BREAK_WORDS = frozenset("""but while whereas after before because although though once when which who
    saying unlike where said says told added announced stated claimed insisted warned argued""".split())
_PASSIVE_SPEECH = re.compile(r"\b(?:been|being|was|were|is|are)\s+$")
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|we|i)\s+(?:\w+\s+)?$", re.I)
_OBJECT_PRONOUN = re.compile(r"\s+(?:it|them)\b", re.I)
_POSTPOSED = re.compile(r"^[\s,]*(?:the\s+)?$", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
# words, then "and" right before the verb: the group before them is an earlier verb's object
_COORDINATED = re.compile(r"^\W*\w[^,;]*?\s(?:and|then)\s+(?:\w+ly\s+)?$", re.I)
_ACCORDING = re.compile(r"according to\s+(?:the\s+)?$", re.I)
SPEECH_BREAKS = frozenset("said says told added announced stated claimed insisted warned argued".split())
_BREAK_TOKEN = re.compile(r"\w+|[;()]|\s-{1,2}\s")
GROUP_GLUE = re.compile(r"^(?:\s|,|&|-|/|'s|'|\band\b|\bor\b|\bnor\b|\bneither\b|\bboth\b|\bthe\b)*$", re.I)
PREPOSITION = re.compile(
    r"\b(?:of|in|at|on|to|from|with|against|for|over|about|into|towards?|between|among|across|like)\s+"
    r"(?:the\s+|a\s+)?$", re.I)
COLLECTIVE = re.compile(
    r"\b(?:governments?|leaders?|officials?|counterparts?|ministers?|representatives?|delegations?|presidents?|"
    r"heads?|envoys?|diplomats?|members?|ministries|parliaments?|navies|forces)\s+(?:of|from)\s+(?:the\s+)?$", re.I)
SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|wrote|writes|tweeted|tweets|posted|stated|states|commented|"
    r"declared|announced|insisted|argued|claimed|noted|warned|explained|described|called|pointed|charged|"
    r"speaking|according to|in a statement|made clear|making clear|stressed|reiterated|maintained|denied)\b", re.I)
PRONOUN = re.compile(r"^\W*(?:he|she|it|they|we|i)\b", re.I)
# a pronoun right before the verb is its subject: "..., I am putting off our meeting"
CLOSE_PRONOUN = re.compile(
    r"\b(?:he|she|it|they|we|I)\s+(?:(?:has|have|had|is|am|are|was|were|will|would|also|just|then|had|opted|decided|"
    r"chose|moved|sought|wanted|tried|to|been|now|later)\s+){0,3}$")
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+|also\s+|not\s+)?$", re.I)
NEGATED = re.compile(r"\b(?:not|n't|never|no longer|nor)\s+(?:\S+\s+){0,1}$", re.I)
REFUSED = re.compile(
    r"\b(?:refus\w*|declin\w*|ruled? out|rejected\s+(?:calls?|demands?)\s+to|will not|won't|would not|wouldn't)"
    r"\s+(?:to\s+)?(?:\S+\s+){0,2}$", re.I)
THREAT = re.compile(r"\b(?:threat\w*|vow\w*|warn\w*)\s+(?:\S+\s+){0,6}$", re.I)
HYPOTHETICAL = re.compile(
    r"\b(?:may|might|could|considering|consider|weighing|weigh|mulling|if|whether|unless|possible|possibly|"
    r"should)\s+(?:\S+\s+){0,3}$", re.I)
# "ready to impose new sanctions": a threat when the act hurts, a promise when it helps
READY = re.compile(r"\b(?:ready|prepared|willing|poised|stands? ready)\s+to\s+(?:\S+\s+){0,1}$", re.I)
CONDITIONAL = re.compile(r"^\W*(?:if|should|unless|were|in case)\b", re.I)
FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|set to|expected to|due to|plans? to|planning to|intends? to|is to|are to|"
    r"going to|wants? to|hopes? to|seeks? to|seeking|offer(?:s|ed)? to|pledg(?:es|ed) to|promis(?:es|ed) to|"
    r"vow(?:s|ed)? to)\s+(?:\S+\s+){0,3}$", re.I)


@dataclass
class Trigger:
    """One trigger found in one sentence, with its sides."""
    type: str
    sentence: int
    start: int          # the matched words, in clean offsets
    end: int
    head: int
    mode: str
    confidence: float
    source: list = field(default_factory=list)        # mentions
    target: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    modality: str = "asserted"  # asserted | future | hypothetical
    fallback_sides: bool = False
    clause: tuple = (0, 0)
    trigger_text: str = ""
    cameo: str = ""        # the act's own CAMEO code (blank: its type's)
    pattern: str = ""      # the lexicon entry that coded it
    tense: str = ""        # present | perfect | past | future | other, from the parse
    verb: object = None    # the parsed verb token, when the sentence was parsed
    target_prep: str | None = None  # the lexicon's pattern names the target's preposition
    coded: bool = False    # found by the CAMEO lexicon (not a hand-written pattern)
    object_only: bool = False  # its target must be the verb's own object
    subject_named: bool = True  # False: the verb has a subject that names nobody ("I", "they")
    specific: int = 0      # words of the lexicon's pattern that matched (0: the verb's default code)


def shadow_text(clean: str, mentions: list[Mention], sentence_ends: list[int]) -> str:
    """The clean text with mentions masked by '@' and sentence ends made line breaks."""
    cuts = sorted([(m.name_start, m.mask_end, "@") for m in mentions if m.mask_end > m.name_start] +
                  [(end, end + 1, "\n") for end in sentence_ends if clean[end:end + 1] == " "])
    pieces, last = [], 0
    for start, end, mark in cuts:
        start = max(start, last)
        if end <= start:
            continue
        pieces += [clean[last:start], mark * (end - start)]
        last = end
    pieces.append(clean[last:])
    return "".join(pieces)


def find_matches(shadow: str, lower: str, sentences, lexicon: Lexicon):
    """Every (pattern, match, sentence index).

    A pattern's keys are the words its first required item starts with
    (lexicon.required_literals), so a match can only begin where a key
    stands: the pattern is tried there, anchored, and nowhere else. Keys and
    key sets shared by several patterns are looked up once. Patterns without
    keys scan the article once.
    """
    starts = [s.start for s in sentences]
    found: dict[str, list] = {}
    by_keys: dict[frozenset, list] = {}
    for pattern in lexicon.patterns:
        if pattern.keys:
            positions = by_keys.get(pattern.keys)
            if positions is None:
                positions = by_keys[pattern.keys] = sorted(
                    {p for key in pattern.keys for p in _occurrences(key, lower, found)})
            matches = (pattern.regex.match(shadow, p) for p in positions)
        else:
            matches = pattern.regex.finditer(shadow)
        for match in matches:
            if match is None:
                continue
            number = bisect.bisect_right(starts, match.start()) - 1
            if number >= 0 and match.end() <= sentences[number].end:
                yield pattern, match, number


def _occurrences(key: str, lower: str, found: dict) -> list:
    """Where `key` starts a word (or anywhere, for a key like "'ll")."""
    if key not in found:
        positions, position = [], lower.find(key)
        while position >= 0:
            if not (key[0].isalnum() and position and lower[position - 1].isalnum()):
                positions.append(position)
            position = lower.find(key, position + 1)
        found[key] = positions
    return found[key]


def clause_breaks(text: str) -> list[tuple[int, int]]:
    """Where clauses meet: conjunctions, relative pronouns, reported speech
    ("X said (that) Y did Z": Y is the subject of Z, not X), semicolons,
    dashes and brackets. A token walk and a set lookup, cheaper than one
    regular expression with thirty alternatives tried at every character."""
    spans = []
    for match in _BREAK_TOKEN.finditer(text):
        word = match.group(0).strip().lower()
        if word in BREAK_WORDS or word in ";()-" or word == "--":
            spans.append(match.span())
    return spans


def clause_bounds(text: str, start: int, position: int, breaks=None) -> tuple[int, int]:
    """The clause of `position` inside a sentence beginning at `start`."""
    local = position - start
    left, right = 0, len(text)
    for begin, end in breaks if breaks is not None else clause_breaks(text):
        if begin <= local < end:
            continue  # the trigger itself ("announced new sanctions") opens no clause
        if end <= local:
            left = end
        elif begin >= local:
            right = begin
            break
    return start + left, start + right


def groups(mentions: list[Mention], clean: str) -> list[list[Mention]]:
    """Runs of mentions that form one list: "France, the Netherlands, Belgium
    and the European Commission", "British-French". A comma alone does not
    join ("from Ukraine, the Obama administration imposed"): a list ends with
    'and', 'or' or 'nor'."""
    runs: list[list[Mention]] = []
    for mention in mentions:
        gap = clean[runs[-1][-1].end:mention.start] if runs else ""
        if runs and (mention.start <= runs[-1][-1].end or GROUP_GLUE.match(gap)):
            runs[-1].append(mention)
            runs[-1][-1].glue = gap
        else:
            runs.append([mention])
    return [piece for run in runs for piece in _split_commas(run)]


def _split_commas(run: list[Mention]) -> list[list[Mention]]:
    glues = [getattr(m, "glue", "") for m in run[1:]]
    if not any("," in g for g in glues) or any(re.search(r"\b(?:and|or|nor)\b|&", g) for g in glues):
        return [run]
    pieces, current = [], [run[0]]
    for mention, gap in zip(run[1:], glues):
        if "," in gap:
            pieces.append(current)
            current = []
        current.append(mention)
    return pieces + [current]


def _subject_ok(group: list[Mention], clean: str, sentence_start: int) -> bool:
    before = clean[max(sentence_start, group[0].start - 60):group[0].start]
    if _ACCORDING.search(before):
        return False
    return not PREPOSITION.search(before) or bool(COLLECTIVE.search(before))


def left_group(mentions, clean, clause, head, sentence_start, first=False) -> list[Mention]:
    """The subject: the nearest group before the trigger that is not the object
    of a preposition; with `first`, the clause's first such group (a passive's
    subject opens its clause: "X's reliance on Y, the Z company, was criticised")."""
    before = [m for m in mentions if clause[0] <= m.start and m.end <= head]
    candidates = [g for g in groups(before, clean) if _subject_ok(g, clean, sentence_start)]
    if not candidates:
        return []
    return candidates[0] if first else candidates[-1]


def right_group(mentions, clean, clause, head_end, exclude=frozenset()) -> list[Mention]:
    """The object: the nearest group after the trigger that is not the subject
    again ("Israel recalled the Israeli ambassadors in Dublin")."""
    after = [m for m in mentions if head_end <= m.start and m.end <= clause[1]]
    for group in groups(after, clean):
        if {m.code for m in group} <= exclude:
            continue
        return group
    return []


def by_group(mentions, clean, clause, head_end) -> list[Mention]:
    """The agent of a passive: 'by X' close after the verb, with no comma between."""
    after = [m for m in mentions if head_end <= m.start and m.end <= clause[1]]
    for group in groups(after, clean):
        if "," in clean[head_end:group[0].start] or group[0].start - head_end > 60:
            return []
        if _BY.search(clean[max(0, group[0].start - 8):group[0].start]):
            return group
    return []


def find_speaker(mentions, clean, start, end) -> list[Mention] | None:
    """The mentions a sentence attributes its words to, [] for a pronoun, None if no attribution."""
    text = clean[start:end]
    for match in SPEECH.finditer(text):
        if text.count('"', 0, match.start()) % 2:
            continue  # a verb inside the quotation is not its attribution
        if _PASSIVE_SPEECH.search(text[max(0, match.start() - 8):match.start()]):
            continue  # "was told": the one spoken to, not the speaker
        verb_start, verb_end = start + match.start(), start + match.end()
        # "Darmanin said", "Mali's government said"; not "... in Abuja, a statement said"
        before = [m for m in mentions if m.end <= verb_start and verb_start - m.end <= 45
                  and '"' not in clean[m.end:verb_start]
                  and ("," not in clean[m.end:verb_start] or clean[m.end:verb_start].strip() == ",")]
        if before:
            return groups(before, clean)[-1]
        if _PRONOUN_SPEAKER.search(clean[max(start, verb_start - 20):verb_start]):
            return []
        # postposed: '..." said the minister', 'according to Le Drian' (not 'added that X')
        after = [m for m in mentions if m.start >= verb_end and _POSTPOSED.match(clean[verb_end:m.start])]
        if after:
            return groups(after, clean)[0]
    return None


def modality(clean: str, clause_start: int, head: int, sentence_start: int = 0) -> str:
    before = clean[max(clause_start, head - 80):head]
    opening = clean[sentence_start:head]
    if CONDITIONAL.match(opening) and "," not in opening:
        return "hypothetical"  # "Should Spain recognise Palestine, ..." / "If Russia invades, ..."
    if REFUSED.search(before):
        return "refused"
    if NEGATED.search(before):
        return "negated"
    if THREAT.search(before):
        return "threatened"
    if READY.search(before):
        return "ready"
    if HYPOTHETICAL.search(before):
        return "hypothetical"
    if FUTURE.search(before):
        return "future"
    return "asserted"


def is_passive(clean: str, clause_start: int, head: int, head_word: str, lexicon: Lexicon) -> bool:
    if head_word.lower() not in lexicon.participles:
        return False
    return bool(PASSIVE.search(clean[max(clause_start, head - 40):head]))


def pinned(match: re.Match, name: str, mentions: list[Mention]) -> list[Mention]:
    if name not in match.re.groupindex or match.start(name) < 0:
        return []
    return [m for m in mentions if m.name_start < match.end(name) and m.end > match.start(name)]


def assign_sides(trigger: Trigger, pattern: Pattern, match: re.Match, ctx) -> None:
    """Fill source/target (or participants) of a trigger from its sentence."""
    clean, mentions = ctx.clean, ctx.sentence_mentions[trigger.sentence]
    clause = trigger.clause
    # after a verb, the object follows it; a noun phrase trigger ("envoys in
    # Ireland and Norway back home") holds its object inside
    head_end = match.end("head") if "head" in match.re.groupindex and match.start("head") >= 0 else trigger.head
    mode = pattern.mode
    if mode == "agent" and is_passive(clean, clause[0], trigger.head, clean[trigger.head:head_end], ctx.lexicon):
        mode = "passive"
    trigger.mode = mode
    if not ctx.directed(trigger.type):
        trigger.participants = unique_codes([m for m in mentions if clause[0] <= m.start and m.end <= clause[1]])
        return
    side_finder = {"speaker": _speaker_sides, "nominal": _nominal_sides, "passive": _passive_sides,
                   "patient": _passive_sides}.get(mode, _agent_sides)
    side_finder(trigger, match, head_end, mentions, ctx)
    source_codes = {m.code for m in trigger.source}
    trigger.target = [m for m in trigger.target if m.code not in source_codes]


def _speaker_sides(trigger, match, head_end, mentions, ctx) -> None:
    """An evaluation: whoever voices it, against whoever else the clause names."""
    speaker = ctx.speaker_of(trigger.sentence)
    if not speaker:
        return  # an evaluation nobody voices is no event
    trigger.source = speaker
    codes = {m.code for m in speaker}
    others = [m for m in mentions if m.code not in codes and m not in speaker]
    clause = trigger.clause
    trigger.target = [m for m in others if clause[0] <= m.start and m.end <= clause[1]] or \
        _nearest_group(others, ctx.clean, trigger.head)


def _nominal_sides(trigger, match, head_end, mentions, ctx) -> None:
    """A noun: 'Johnson's letter to Macron', 'the letter from X to Y'."""
    clean, clause = ctx.clean, trigger.clause
    trigger.source = pinned(match, "source", mentions) or _possessor(mentions, clean, trigger.start) \
        or by_group(mentions, clean, clause, head_end)
    trigger.target = pinned(match, "target", mentions) or right_group(mentions, clean, clause, match.end())


def _passive_sides(trigger, match, head_end, mentions, ctx) -> None:
    """'X was expelled by Y', 'X were told they were not welcome'."""
    clean, clause, start = ctx.clean, trigger.clause, ctx.sentences[trigger.sentence].start
    trigger.target = left_group(mentions, clean, clause, trigger.head, start, first=True) or \
        left_group(mentions, clean, (start, clause[0]), clause[0], start)
    trigger.source = by_group(mentions, clean, clause, head_end)
    if not trigger.source:  # "Mali's government said the ambassador had been asked to leave"
        targets = {m.code for m in trigger.target}
        trigger.source = [m for m in ctx.speaker_of(trigger.sentence) or [] if m.code not in targets]


def _agent_sides(trigger, match, head_end, mentions, ctx) -> None:
    """'X expelled Y': the subject before the verb, the object after it."""
    clean, clause, start = ctx.clean, trigger.clause, ctx.sentences[trigger.sentence].start
    trigger.source = pinned(match, "source", mentions) or left_group(mentions, clean, clause, trigger.head, start)
    if trigger.source and _COORDINATED.search(clean[trigger.source[-1].end:trigger.head]):
        # "Israel declared Lula persona non grata and summoned ...": a second verb
        # shares the first one's subject, not its object
        trigger.source = left_group(mentions, clean, clause, trigger.head, start, first=True)
    if not trigger.source and _opened_by_speech(clean, start, clause[0]):
        # "Beijing announced | live-fire drills": the announcer acts
        trigger.source = left_group(mentions, clean, (start, clause[0]), clause[0], start)
    subject_end = trigger.source[-1].end if trigger.source else clause[0]
    if not trigger.source or CLOSE_PRONOUN.search(clean[subject_end:trigger.head]):
        trigger.source = _implicit_subject(ctx, trigger, clause) or trigger.source
    source_codes = frozenset(m.code for m in trigger.source)
    trigger.target = pinned(match, "target", mentions) or right_group(mentions, clean, clause, head_end, source_codes)
    if not trigger.target and _OBJECT_PRONOUN.match(clean[head_end:head_end + 6]):
        # "accusing it of supporting terrorism": 'it' is the one named before
        earlier = [m for m in mentions if m.end <= trigger.head and m.code not in source_codes]
        trigger.target = groups(earlier, clean)[-1] if earlier else []


def _implicit_subject(ctx, trigger: Trigger, clause) -> list[Mention]:
    """No named subject in the clause. A pronoun stands for someone: 'we' and
    'I' for the speaker ("We have urged China...," Logan said), 'it' and 'they'
    for the nearest state or body named before, 'he' and 'she' for the speaker
    or the last one quoted."""
    sentence = ctx.sentences[trigger.sentence]
    close = CLOSE_PRONOUN.search(ctx.clean[clause[0]:trigger.head])
    pronoun = close or PRONOUN.match(ctx.clean[clause[0]:trigger.head]) or \
        PRONOUN.match(ctx.clean[sentence.start:trigger.head])
    if not pronoun:
        return []
    word = re.search(r"\w+", pronoun.group(0)).group(0).lower()
    position = clause[0] + pronoun.start() if pronoun is close else clause[0]
    if word in ("it", "they"):
        before = [m for m in ctx.sentence_mentions[trigger.sentence]
                  if m.end <= position and m.kind in ("country", "organisation", "body", "pair")]
        if before:
            return groups(before, ctx.clean)[-1]
    return ctx.speaker_of(trigger.sentence) or ctx.prior_speaker[trigger.sentence] or []


def _opened_by_speech(clean: str, sentence_start: int, clause_start: int) -> bool:
    """The clause opens on 'announced', 'said' or a relative 'who'/'which':
    its subject is the one before ("Pelosi, who arrived in Taipei")."""
    words = re.findall(r"\w+", clean[max(sentence_start, clause_start - 12):clause_start])
    return bool(words) and words[-1].lower() in ("announced", "said", "says", "stated", "who", "which")


def _nearest_group(mentions, clean, position) -> list[Mention]:
    if not mentions:
        return []
    found = groups(mentions, clean)
    return min(found, key=lambda g: min(abs(m.start - position) for m in g))


def _possessor(mentions, clean, start) -> list[Mention]:
    for mention in mentions:
        if mention.possessive and 0 <= start - mention.end <= 3:
            return [mention]
    return []


def unique_codes(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for mention in mentions:
        if mention.code and mention.code not in seen:
            seen.add(mention.code)
            out.append(mention)
    return out

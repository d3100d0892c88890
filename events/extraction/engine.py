"""The engine: runs the five stages over one article.

    text -> sentences (text.py) -> mentions (mentions.py) -> triggers and sides
    (events.py) -> dates (dates.py) -> merged suggestions (suggest.py)

`Engine.from_data` compiles the gazetteer and the lexicon once (the start-up
cost); `Engine.extract` then handles an article in a few milliseconds.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import re
from collections import Counter

from . import events as ev
from . import parser as model
from .coding import Coder, cameo_triggers, covered, tree_sides
from .dates import When, default_range, find_dates, recent_range
from .gazetteer import compile_gazetteer
from .lexicon import Lexicon, load_lexicon, load_titles
from .mentions import MentionFinder
from .headline import headline
from .suggest import Draft, merge, to_contract
from .text import normalise, split_sentences

CODES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "cameo_plover.json")
MAX_TEXT = 2_000_000   # characters; longer input is an error, not a slow crawl
MIN_CONFIDENCE = 0.3
NEW_ACTOR_CONFIDENCE = 0.35
# "said on Saturday they had shot down ...": that date is the saying's
ATTRIBUTION = re.compile(r"\b(?:said|says|told|announced|stated|added)\s*$", re.I)
_WORDS = re.compile(r"[A-Za-z]+")
# "withdraw its troops by Friday": a deadline, not the day of the act
DEADLINE = re.compile(r"\b(?:by|until|before|till)\s+(?:\w+\s)?\S*$|^\s*(?:by|until|before|till)\b", re.I)
QUOTE_CONTEXT = re.compile(r"^\s*\"|\"\s*$|^\W*(?:we|i|our|us)\b", re.I)


class ExtractionError(ValueError):
    """The article cannot be read (no text, not a string, far too long)."""


def parse_day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class Engine:
    """Suggests events from articles; holds the compiled gazetteer and lexicon."""

    def __init__(self, gazetteer, lexicon: Lexicon, event_types: list[dict], curated: frozenset,
                 min_confidence: float = MIN_CONFIDENCE, verbs=None, nlp=None):
        self.gaz, self.lexicon, self.curated = gazetteer, lexicon, curated
        self.types = {row["slug"]: _typed(row) for row in event_types}
        self.min_confidence = min_confidence
        self.rules = lexicon.rules
        self.codes = load_codes()
        self.nlp = nlp
        self.coder = Coder(verbs, self.types, self.rules) if verbs is not None else None

    @classmethod
    def from_data(cls, gazetteer: dict, event_types: list[dict], lexicon: str | None = None,
                  titles: str | None = None, min_confidence: float = MIN_CONFIDENCE, parse: bool = True) -> "Engine":
        """Compile the plain gazetteer dict, a trigger file (None: the packaged one), the
        CAMEO verb lexicon and the parser (checked against its recorded checksums).
        `parse=False` runs the word-order stages alone (for measuring what the parser adds)."""
        from .cameo import VerbLexicon

        compiled = compile_gazetteer(gazetteer, load_titles(titles))
        curated = frozenset(c["code"].upper() for c in gazetteer.get("countries", []) if c.get("leader")) | \
            frozenset(o["code"].upper() for o in gazetteer.get("organisations", []))
        loaded = load_lexicon(lexicon)
        slugs = {t["slug"] for t in event_types}
        unknown = ({p.type for p in loaded.patterns} | _rule_slugs(loaded.rules)) - slugs
        if unknown:
            raise ValueError(f"trigger file names event types that do not exist: {sorted(unknown)}")
        nlp = model.load() if parse else None
        verbs = VerbLexicon.load() if parse else None
        return cls(compiled, loaded, event_types, curated, min_confidence, verbs, nlp)

    def directed(self, slug: str) -> bool:
        return bool(self.types.get(slug, {}).get("directed", True))

    def extract(self, article: dict) -> list[dict]:
        """Suggestions for one article, in the contract of eval/README.md."""
        text = article.get("text")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise ExtractionError("text must be a string")
        if len(text) > MAX_TEXT:
            raise ExtractionError(f"text is {len(text)} characters, more than the {MAX_TEXT} allowed")
        pub = parse_day(article.get("published_at")) or dt.date.today()
        if not text.strip():
            return []
        return _Article(self, text, str(article.get("title") or ""), pub).run()


def load_codes() -> dict:
    """The CAMEO-to-PLOVER table (derived at build time into data/cameo_plover.json)."""
    with open(CODES, encoding="utf-8") as handle:
        return json.load(handle)["codes"]


def _rule_slugs(rules: dict) -> set[str]:
    """Every type slug the lexicon's `rules:` name (to refuse a rule naming no type)."""
    found: set[str] = set()
    for key in ("refused", "threatened"):
        for value in (rules.get(key) or {}).values():
            found |= set(value) if isinstance(value, list) else {value}
    for key in ("sideless", "sanction_like"):
        found |= set(rules.get(key) or [])
    return found


def _typed(row: dict) -> dict:
    """An event type row as plain JSON-able values, whether it came from the
    CSV or from the database (a Decimal Goldstein weight, 'yes' for directed)."""
    directed = row.get("directed", True)
    if isinstance(directed, str):
        directed = directed.strip().lower() in ("yes", "true", "1", "y")
    goldstein = row.get("goldstein")
    codes = row.get("cameo_codes") or []
    if isinstance(codes, str):
        codes = codes.split()
    return {**row, "directed": bool(directed), "goldstein": None if goldstein in (None, "") else float(goldstein),
            "cameo": str(row.get("cameo") or "") or None, "cameo_codes": [str(c) for c in codes]}


class _Article:
    """The state of one extraction: what each stage found so far."""

    def __init__(self, engine: Engine, original: str, title: str, pub: dt.date):
        self.engine, self.original, self.pub = engine, original, pub
        self.lexicon, self.directed, self.rules = engine.lexicon, engine.directed, engine.rules
        self.clean, self.offsets = normalise(original)
        self.sentences = split_sentences(self.clean)
        self.title_codes = self._title_codes(title)

    # -- stage 2 ----------------------------------------------------------------
    def _title_codes(self, title: str) -> Counter:
        if not title.strip():
            return Counter()
        finder = MentionFinder(self.engine.gaz, self.pub, self.engine.curated)
        clean, _ = normalise(title)
        return Counter(m.code for m in finder.sentence_mentions(clean, 0, -1) if m.code)

    def _mentions(self) -> None:
        finder = MentionFinder(self.engine.gaz, self.pub, self.engine.curated, self.title_codes)
        self.sentence_mentions = [finder.sentence_mentions(s.text, s.start, s.index) for s in self.sentences]
        self.counts = Counter(self.title_codes)
        for mentions in self.sentence_mentions:
            self.counts.update(m.code for m in mentions if m.code and m.kind != "pair")

    def _speakers(self) -> None:
        """Who each sentence quotes: its attribution, or the last speaker in a quote run."""
        self.speakers, self.prior_speaker, last = [], [], None
        for sentence, mentions in zip(self.sentences, self.sentence_mentions):
            self.prior_speaker.append(last)
            found = ev.find_speaker(mentions, self.clean, sentence.start, sentence.end)
            if found is None and QUOTE_CONTEXT.search(sentence.text):
                found = last
            elif found == []:
                found = last
            self.speakers.append(found or None)
            last = found or last

    def _sideless(self, slug: str) -> bool:
        return slug in (self.rules.get("sideless") or ())

    def speaker_of(self, index: int):
        return self.speakers[index]

    # -- stage 3 ----------------------------------------------------------------
    def _triggers(self) -> list[ev.Trigger]:
        all_mentions = [m for mentions in self.sentence_mentions for m in mentions]
        shadow = ev.shadow_text(self.clean, all_mentions, [s.end for s in self.sentences])
        found: dict[int, list] = {}
        lower = self.clean.lower()
        if len(lower) != len(self.clean):  # a few letters lower-case to two characters
            lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.clean)
        for pattern, match, index in ev.find_matches(shadow, lower, self.sentences, self.lexicon):
            found.setdefault(index, []).append((pattern, match))
        docs = self._parse(found)
        triggers = []
        for index in sorted(set(found) | set(docs)):
            triggers += self._sentence_triggers(index, _dedupe(found.get(index, [])), docs.get(index))
        return triggers

    def _parse(self, found: dict) -> dict:
        """Parse the sentences that can hold an event: a trigger (hand-written, or a
        verb the CAMEO lexicon codes) and at least one mention. One batch."""
        coder, nlp = self.engine.coder, self.engine.nlp
        if nlp is None:
            return {}
        chosen = []
        for sentence, mentions in zip(self.sentences, self.sentence_mentions):
            # a hand-written trigger needs one named party; a verb of the lexicon alone, two
            # ("the two governments" refers back: it names nobody new)
            named = {m.code for m in mentions if m.code and m.kind != "pair"}
            if sentence.link or not named:
                continue
            if self._live(sentence, found.get(sentence.index, ())) or \
                    coder is not None and _coded_verb(coder, sentence, mentions, len(named)):
                chosen.append(sentence)
        return {s.index: doc for s, doc in zip(chosen, model.parse(nlp, [s.text for s in chosen]))}

    def _intent(self, trigger: ev.Trigger) -> None:
        """A promised cooperative act is an intent to act (CAMEO 03), coded from the act's own code."""
        coder, intents = self.engine.coder, self.rules.get("intent") or {}
        code = trigger.cameo or (self.engine.types.get(trigger.type) or {}).get("cameo") or ""
        for key in (code[:4], code[:3], code[:2]):
            intent = intents.get(key) if key else None
            slug = coder.type_of(intent) if intent and coder is not None else None
            if slug:
                trigger.type, trigger.cameo, trigger.modality = slug, intent, "asserted"
                return

    def _live(self, sentence, matches) -> bool:
        """A hand-written trigger that can still become a suggestion: not negated, not
        hypothetical ("could be raised at the next meeting" is dropped whatever its sides)."""
        for _, match in _dedupe(list(matches)):
            head = match.start("head") if "head" in match.re.groupindex and match.start("head") >= 0 else match.start()
            clause = ev.clause_bounds(sentence.text, sentence.start, head)
            if ev.modality(self.clean, clause[0], head, sentence.start) not in ("negated", "hypothetical"):
                return True
        return False

    def _sentence_triggers(self, index: int, matches: list, doc) -> list[ev.Trigger]:
        sentence, kept = self.sentences[index], []
        breaks = ev.clause_breaks(sentence.text)

        def clause_of(head: int) -> tuple:
            return ev.clause_bounds(sentence.text, sentence.start, head, breaks)

        for pattern, match in matches:
            head = match.start("head") if "head" in match.re.groupindex and match.start("head") >= 0 else match.start()
            trigger = ev.Trigger(pattern.type, index, match.start(), match.end(), head, pattern.mode,
                                 pattern.confidence, clause=clause_of(head))
            trigger.trigger_text = match.group(0)
            trigger.modality = ev.modality(self.clean, trigger.clause[0], head, sentence.start)
            if self._retype(trigger):
                ev.assign_sides(trigger, pattern, match, self)
                kept.append(trigger)
        if doc is not None and self.engine.coder is not None:
            taken = covered(doc, kept, sentence.start)
            for trigger in cameo_triggers(doc, index, sentence.start, self.engine.coder, taken, clause_of):
                trigger.modality = ev.modality(self.clean, trigger.clause[0], trigger.head, sentence.start)
                if self._retype(trigger):
                    kept.append(trigger)
        out = [one for trigger in kept for one in self._tree(trigger, doc, sentence.start, index)
               if one.modality != "negated"]
        return _absorb(out, self.lexicon.options, self.rules)

    def _tree(self, trigger: ev.Trigger, doc, base: int, index: int) -> list[ev.Trigger]:
        if doc is None or trigger.mode in ("speaker", "nominal", "patient"):
            return [trigger]
        return tree_sides(trigger, doc, base, self.sentence_mentions[index], self.directed(trigger.type),
                          propose=lambda: model.entities(self.engine.nlp, doc))

    def _retype(self, trigger: ev.Trigger) -> bool:
        """Apply what the words before the trigger do to it; False drops it."""
        if trigger.modality == "negated":
            return False
        refused, threatened = self.rules.get("refused") or {}, self.rules.get("threatened") or {}
        if trigger.modality == "ready":
            sanction = trigger.type in (self.rules.get("sanction_like") or [])
            trigger.modality = "threatened" if sanction else "future"
        if trigger.modality == "future":
            self._intent(trigger)
        if trigger.modality == "refused" and trigger.type not in refused.get("keep", []):
            trigger.type, trigger.cameo = refused["type"], ""
        elif trigger.modality == "threatened" and trigger.type not in threatened.get("keep", []):
            sanction = trigger.type in (self.rules.get("sanction_like") or [])
            trigger.type, trigger.cameo = threatened["sanction" if sanction else "type"], ""
        return True

    # -- sides from context -------------------------------------------------------
    def counterpart(self, codes: set) -> str | None:
        """The other party of the story: of the two entities it names most, the
        one that is not on the known side. Nothing when the known side is not
        one of the two: a side story's missing party is left for the editor."""
        dyad = [code for code, _ in self.counts.most_common() if code in self.engine.curated][:2]
        if len(dyad) < 2 or not codes & set(dyad):
            return None
        others = [code for code in dyad if code not in codes]
        return others[0] if others else None

    def _fill_sides(self, trigger: ev.Trigger, last_symmetric) -> None:
        if self._sideless(trigger.type) or trigger.coded:
            return  # a verb the lexicon coded names its own sides or none
        if not self.engine.directed(trigger.type):
            if len({m.code for m in trigger.participants}) < 2 and last_symmetric is not None:
                known = {m.code for m in trigger.participants}
                trigger.participants += [m for m in last_symmetric.participants if m.code not in known]
                trigger.fallback_sides = True
            return
        for have, missing in (("source", "target"), ("target", "source")):
            if missing == "source" and trigger.mode == "agent" and \
                    not self.lexicon.options.get(trigger.type, {}).get("infer_source"):
                continue  # an unnamed subject ("Senior Republicans criticised Trump") is no one's to guess
            if getattr(trigger, have) and not getattr(trigger, missing):
                code = self.counterpart({m.code for m in getattr(trigger, have)})
                if code:
                    setattr(trigger, missing, [_Entity(code, self.engine.gaz.names.get(code, code))])
                    trigger.fallback_sides = True

    # -- stage 4 ----------------------------------------------------------------
    def _dates(self) -> None:
        self.whens = find_dates(self.clean, self.pub)
        starts = [w.start for w in self.whens]
        self.whens_by_sentence = {}
        for sentence in self.sentences:
            lo, hi = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
            self.whens_by_sentence[sentence.index] = self.whens[lo:hi]
        first = self.whens_by_sentence.get(0, []) if self.sentences else []
        lead = [w for w in first if w.precision == "day" and not w.relative]
        self.news_day = lead[0].low if lead else None

    def _date_of(self, trigger: ev.Trigger, story_day) -> When | None:
        whens = [w for w in self.whens_by_sentence.get(trigger.sentence, [])
                 if trigger.clause[0] <= w.start and w.end <= trigger.clause[1]
                 and not ATTRIBUTION.search(self.clean[max(0, w.start - 12):w.start])
                 and not DEADLINE.search(self.clean[max(0, w.start - 8):w.start + 6])]
        if not whens:
            whens = [w for w in self.whens_by_sentence.get(trigger.sentence, []) if self._main_clause(w, trigger)]
        if not whens:
            return None
        when = min(whens, key=lambda w: abs(w.start - trigger.head))
        if when.relative:
            day = story_day or self.pub
            return When(when.start, when.end, day, day, "day")
        return when

    def _main_clause(self, when: When, trigger: ev.Trigger) -> bool:
        """A date outside the trigger's clause still dates it when it opens the
        sentence ("On Monday, once ...") or sits in its attribution ("...,
        officials said on Wednesday"); not when it dates an 'after' or
        'because' clause."""
        sentence = self.sentences[trigger.sentence]
        if when.start - sentence.start < 25 and when.end <= trigger.clause[0]:
            return True
        opener = None
        for begin, end in ev.clause_breaks(sentence.text):
            if sentence.start + end <= when.start:
                opener = sentence.text[begin:end].strip().lower()
        return opener in ev.SPEECH_BREAKS

    # -- the run ----------------------------------------------------------------
    def run(self) -> list[dict]:
        self._mentions()
        self._speakers()
        self._dates()
        drafts, last_symmetric, story_day = [], None, None
        for trigger in self._triggers():
            self._fill_sides(trigger, last_symmetric[0] if last_symmetric else None)
            when = self._date_of(trigger, story_day)
            if when is not None and when.precision == "day":
                story_day = when.low
            draft = self._draft(trigger, when, last_symmetric)
            if draft is not None:
                drafts.append(draft)
                if not self.engine.directed(trigger.type) and len(trigger.participants) >= 2:
                    last_symmetric = (trigger, draft)  # "After the talks, it was agreed ..." refers back
        types, codes = self.engine.types, self.engine.codes
        kept = [d for d in merge(drafts) if d.confidence >= self.engine.min_confidence]
        for draft in kept:
            draft.headline = self._headline(draft.origin, draft)
        return [to_contract(d, types.get(d.type, {}), self.original, codes) for d in kept]

    def _draft(self, trigger: ev.Trigger, when: When | None, last_symmetric) -> Draft | None:
        directed = self.engine.directed(trigger.type)
        source, target = _people(trigger.source, self.clean), _people(trigger.target, self.clean)
        participants = _people(trigger.participants, self.clean)
        if directed and not source and not self._sideless(trigger.type):
            return None  # who acted is the heart of a directed event
        if not directed and not participants and not self._sideless(trigger.type):
            return None
        if trigger.coded and not self._named(trigger, directed, target, participants):
            return None
        if when is not None:
            low, high, precision, explicit = when.low, when.high, when.precision, True
        elif trigger.fallback_sides and not directed and last_symmetric is not None:
            borrowed = last_symmetric[1]
            low, high, precision, explicit = borrowed.low, borrowed.high, borrowed.precision, borrowed.explicit_date
        elif trigger.tense in ("present", "perfect"):
            # "has expelled", "expels": told as news of the day, so the day of or before publication
            (low, high, precision), explicit = recent_range(self.pub), False
        else:
            (low, high, precision), explicit = default_range(self.pub, self.news_day), False
        sentence = self.sentences[trigger.sentence]
        quote = (self.offsets(sentence.start), self.offsets(sentence.end - 1) + 1)
        confidence = self._confidence(trigger, directed, explicit, sentence.link)
        draft = Draft(trigger.type, directed, source, target, participants, low, high, precision, explicit,
                      confidence, quote, trigger.sentence, self.clean[trigger.start:trigger.end],
                      trigger.modality, cameo=trigger.cameo, origin=trigger)
        return draft

    @staticmethod
    def _named(trigger: ev.Trigger, directed: bool, target: list, participants: list) -> bool:
        """A verb the lexicon coded states an event between named parties: a bare
        verb ("takes", "hits") both sides, a symmetric act two parties one of
        whom is its subject ("Ireland and Norway send Ireland and Norway" is not one)."""
        if directed:
            return bool(target) or bool(trigger.specific)
        subject_codes = {m.code for m in trigger.source}
        return len(participants) >= 2 and trigger.subject_named and \
            (not subject_codes or bool(subject_codes & {p["code"] for p in participants}))

    def _headline(self, trigger: ev.Trigger, draft: Draft) -> str:
        verb, lemma = trigger.verb, None
        if verb is not None:
            coder = self.engine.coder
            lemma = (coder.verbs.lemma(verb.lower_) if coder else None) or \
                self.lexicon.verb_forms.get(verb.lower_) or (verb.lower_ if verb.tag_ == "VB" else None)
        subject = draft.source if draft.directed else _subjects(draft.participants, verb)
        return headline(verb=verb, lemma=lemma, modality=trigger.modality, source=subject,
                        target=draft.target, participants=draft.participants,
                        event_type=self.engine.types.get(trigger.type, {}))

    def _confidence(self, trigger: ev.Trigger, directed: bool, explicit: bool, link: bool) -> float:
        score = trigger.confidence
        if directed and trigger.source and trigger.target and not trigger.fallback_sides:
            score += 0.15
        if not directed and len(trigger.participants) >= 2 and not trigger.fallback_sides:
            score += 0.1
        if trigger.fallback_sides:
            score -= 0.1
        if explicit:
            score += 0.1
        if trigger.modality == "future":
            score *= 0.8
        elif trigger.modality == "hypothetical":
            score = min(score, 0.2)
        if link:
            score = min(score, 0.35)  # a link line reports another article's headline
        if any(m.new and not m.code for m in trigger.source + trigger.target):
            score = min(score, NEW_ACTOR_CONFIDENCE)  # an unknown name: the editor decides who it is
        return max(0.05, min(0.95, score))


def _coded_verb(coder: Coder, sentence, mentions: list, parties: int) -> bool:
    """A verb the lexicon may code: any with two named parties in the sentence, a
    strong one ("expels") with one named in its own clause."""
    if parties >= 2:
        return not coder.forms.isdisjoint(w.lower() for w in _WORDS.findall(sentence.text))
    breaks = None
    for word in _WORDS.finditer(sentence.text):
        if word.group(0).lower() in coder.strong:
            breaks = breaks if breaks is not None else ev.clause_breaks(sentence.text)
            low, high = ev.clause_bounds(sentence.text, sentence.start, sentence.start + word.start(), breaks)
            if any(low <= m.start and m.end <= high for m in mentions if m.code and m.kind != "pair"):
                return True
    return False


def _subjects(participants: list[dict], verb) -> list[dict]:
    """Of a meeting's participants, those who are not the verb's object ("Macron met Johnson")."""
    if verb is None:
        return participants
    after = verb.doc.text[verb.idx + len(verb.text):]
    return [p for p in participants if p.get("text", p["name"]) not in after] or participants


class _Entity:
    """A side filled from the story's context rather than the sentence."""

    def __init__(self, code: str, name: str):
        self.code, self.name = code, name
        self.start = self.end = self.name_start = -1
        self.actor_id, self.new, self.title = None, False, None

    def as_participant(self, text: str) -> dict:
        return {"name": self.name, "code": self.code, "inferred": True}


def _people(mentions, clean: str) -> list[dict]:
    out, seen = [], set()
    for mention in mentions:
        if not mention.code and not mention.new:
            continue
        entry = mention.as_participant(clean)
        key = (entry["code"], entry["name"])
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _dedupe(matches: list) -> list:
    """One trigger per stretch of words: the longest match wins an overlap."""
    matches = sorted(matches, key=lambda pm: (-(pm[1].end() - pm[1].start()), pm[1].start()))
    kept = []
    for pattern, match in matches:
        if any(match.start() < m.end() and m.start() < match.end() for _, m in kept):
            continue
        kept.append((pattern, match))
    return sorted(kept, key=lambda pm: pm[1].start())


def _complement(a: ev.Trigger, b: ev.Trigger) -> bool:
    """b is the infinitive a governs: 'agreed to | restore ties'."""
    return a.trigger_text.rstrip().lower().endswith(" to") and 0 <= b.head - a.end <= 12


def _absorb(triggers: list[ev.Trigger], options: dict, rules: dict) -> list[ev.Trigger]:
    """'urged China to withdraw' holds a request, not a withdrawal; 'agreed to
    restore ties' is a restoration, not a bare agreement."""
    refused, threatened = rules.get("refused") or {}, rules.get("threatened") or {}
    modal_types = {refused.get("type"), threatened.get("type"), threatened.get("sanction")}
    dropped = set()
    for a in triggers:
        for b in triggers:
            if a is b or b.head <= a.head or b.head >= a.clause[1]:
                continue
            if b.modality in ("threatened", "refused") and a.type in modal_types:
                dropped.add(id(a))  # "threatened to recall its ambassador": b says it better
            elif options.get(a.type, {}).get("absorbs") and b.type != a.type:
                dropped.add(id(b))
            elif options.get(a.type, {}).get("yields") and _complement(a, b) and b.type != a.type:
                dropped.add(id(a))
    return [t for t in triggers if id(t) not in dropped]

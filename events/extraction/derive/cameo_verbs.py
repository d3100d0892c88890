"""Derive events/extraction/data/cameo_verbs.json from PETRARCH2's CAMEO verb dictionary.

Run at build time, from the project root, never by the app:

    .venv/bin/python -m events.extraction.derive.cameo_verbs \\
        --cameo ../shared/third_party/petrarch2/CAMEO.2.0.txt \\
        --out events/extraction/data/cameo_verbs.json

The dictionary (format: PETRARCH2's `PETRreader.read_verb_dictionary`) holds noun
synonym sets (`&NAME` then `+WORD` lines), then verb blocks: `--- NAME [code] ---`,
the block's verbs one a line, and patterns `- <before> * <after> [code] # VERB`.
Where the source leaves room, this derivation decides:

- a pattern goes to the verbs its comment names when they are in its block, to every
  verb of the block otherwise: the blocks merged TABARI's verb files, and a pattern
  written for one verb is often wrong for the others (DISMISS's under DESPATCH);
- a pattern whose first word after `*` is a particle (`* OUT VIEWS`, `* (OFF SANCTIONS)`)
  belongs to the phrasal verb ("set out"), created when the pattern was written for
  its verb and no block lists it;
- a pattern that names no word (`* OFF` once moved to "break off", `* +`) gives the
  verb's code, unless the verb's own line gave one;
- `[a:b]` keeps a as the code and b as `target_code`, the act the target does in
  return; `[---]` gives code null: the lexicon says that use is no event;
- a verb listed in several blocks keeps its first code, unless a later line gives it
  a code of its own where the first did not, and gathers the patterns of all blocks;
- inflected forms listed as verbs (FORGAVE beside FORGIVE) stay forms of their verb.

The grammar of a pattern line is in cameo_patterns.py.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from .cameo_patterns import AUXILIARIES, Dropped, code_parse, pattern_read, set_name, word_text

SOURCE = ("openeventdata/petrarch2 at commit 676801cd9cb2924bbbad09f86d15c9323e7097bf, "
          "petrarch2/data/dictionaries/CAMEO.2.0.txt")
LICENCE = "MIT"
COPYRIGHT = "Copyright (c) 2014 Open Event Data; dictionary: Copyright (c) 2015 Open Event Data Alliance"

# Irregular verbs the dictionary lists without their forms in braces (English grammar).
IRREGULAR = {verb: forms.split() for verb, forms in (
    ("abide", "abode abided"), ("broadcast", "broadcast"), ("burn", "burned burnt"), ("cast", "cast"),
    ("cut", "cut"), ("dive", "dived dove"), ("draw", "drew drawn"), ("forgive", "forgave forgiven"),
    ("hear", "heard"), ("hit", "hit"), ("hurt", "hurt"), ("lose", "lost"), ("put", "put"), ("set", "set"),
    ("shut", "shut"), ("spread", "spread"), ("spring", "sprang sprung"), ("swell", "swelled swollen"),
    ("teach", "taught"), ("tear", "tore torn"), ("thrust", "thrust"), ("understand", "understood"),
    ("unwind", "unwound"), ("upset", "upset upsetting"))}

_HEADER = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]\s*---")


@dataclass
class Block:
    name: str
    code: str | None
    target_code: str | None
    verbs: list = field(default_factory=list)       # lemmas, in the block's order
    patterns: list = field(default_factory=list)    # (pattern dicts, comment)


@dataclass
class Derivation:
    sets: dict = field(default_factory=dict)
    verbs: dict = field(default_factory=dict)
    blocks: list = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)


# ---- inflection and plurals ---------------------------------------------------

def _doubles(verb: str) -> bool:
    return re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb) is not None


def third_person(verb: str) -> str:
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + ("es" if verb.endswith(("s", "x", "z", "ch", "sh", "o")) else "s")


def past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    return verb + (verb[-1] if _doubles(verb) else "") + "ed"


def gerund(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + (verb[-1] if _doubles(verb) else "") + "ing"


def inflections(words: list[str], irregular: list[str] | None) -> list[str]:
    """Base, -s, past, past participle and -ing of a verb; a phrasal verb inflects its first word.

    PETRARCH2 wants braces to list every irregular form, but many leave out the
    regular -s or -ing ones (`+GIVE_IN {+GIVES_IN +GAVE_IN +GIVEN_IN}`): add those.
    """
    head, tail = words[0], "".join(" " + word for word in words[1:])
    if irregular is None and head in IRREGULAR:
        irregular = [form + tail for form in IRREGULAR[head]]
    if irregular is None:
        return list(dict.fromkeys(form + tail for form in (head, third_person(head), past(head), gerund(head))))
    forms = [" ".join(words)] + [form.replace("+", "").replace("_", " ").lower() for form in irregular]
    heads = [form.split()[0] for form in forms[1:]]
    if not any(word.endswith("ing") for word in heads):
        forms.append(gerund(head) + tail)
    if not any(word.endswith("s") for word in heads):
        forms.append(third_person(head) + tail)
    return list(dict.fromkeys(forms))


def plural(noun: str) -> str | None:
    """The plural of a one-word noun, None for a phrase or a word that looks plural already."""
    if " " in noun or (noun.endswith("s") and not noun.endswith(("ss", "us", "is", "as"))):
        return None
    if noun.endswith("is"):
        return noun[:-2] + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "z", "ch", "sh")) else "s")


# ---- reading the file ---------------------------------------------------------------

def _split_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.split(";")[0].strip(), comment.strip()  # ';' starts TABARI's comments


def synsets_read(lines: list[str]) -> dict[str, list[str]]:
    """`&NAME` sets; a trailing `_` on the name or on a word means no plural (PETRARCH2's rule)."""
    sets: dict[str, list[str]] = {}
    members, no_plural = None, False
    for line in lines:
        body, _ = _split_comment(line)
        if body.startswith("&"):
            no_plural = body.split()[0].endswith("_")
            members = sets.setdefault(set_name(body.split()[0]), [])
        elif body.startswith("+") and members is not None:
            word = word_text(body[1:].strip())
            members.append(word)
            many = None if no_plural or body.endswith("_") else plural(word)
            if many:
                members.append(many)
    return {name: list(dict.fromkeys(words)) for name, words in sets.items()}


def verb_line_read(body: str) -> tuple[list[str], list[str] | None, str | None]:
    """`+BRING_OUT {+BRINGS_OUT ...} [code]` -> (['bring', 'out'], ['+BRINGS_OUT', ...], 'code')."""
    found = re.search(r"\[([^\]]*)\]", body)
    code = found.group(1) if found else None
    body = re.sub(r"\[[^\]]*\]", " ", body)
    braces = re.search(r"\{([^}]*)\}", body)
    irregular = [f for f in re.split(r"[\s,]+", braces.group(1)) if f] if braces else None
    raw = re.sub(r"\{[^}]*\}", " ", body).split()[0]
    words = raw.lower().split("_")
    if any(word in ("and", "or") for word in words):
        raise Dropped("coordinated verbs (TABARI's KILLED_AND, SHOT_AND)")
    if "_" in raw and not raw.startswith("+"):
        raise Dropped("multi-word verb whose verb is not its first word")
    words = [word.lstrip("+") for word in words]
    if words[0] in AUXILIARIES:
        raise Dropped("auxiliary or copula verb (" + " ".join(words) + ")")
    if irregular == [] and len(words) > 1:
        raise Dropped("multi-word participle without forms (ANGERED_BY {})")
    return words, irregular, code


# ---- blocks and verbs -------------------------------------------------------------------

def dictionary_read(text: str) -> Derivation:
    """Sets, blocks, verbs and their patterns, with the patterns attached to their verbs."""
    head, _, rest = text.partition("####### VERB PATTERNS")
    blocks, _, transformations = rest.partition("######## TRANSFORMATIONS")
    derivation = Derivation(sets=synsets_read(head.splitlines()))
    rules = sum(1 for line in transformations.splitlines() if line.startswith("~"))
    derivation.dropped["verb-of-verb transformation (the parse stage reads clauses itself)"] = rules
    block = None
    for line in blocks.splitlines()[1:]:
        body, comment = _split_comment(line)
        header = _HEADER.match(line)
        if header:
            block = Block(header["name"], *code_parse(header["code"]))
            derivation.blocks.append(block)
        elif not body:
            continue
        elif body.startswith("-"):
            _pattern_add(derivation, block, body[1:], comment)
        else:
            _verb_add(derivation, block, body)
    for block in derivation.blocks:
        _forms_fold(derivation, block)
    for block in derivation.blocks:
        _block_attach(derivation, block)
    return derivation


def _forms_fold(derivation: Derivation, block: Block) -> None:
    """FORGAVE and FORGIVEN listed beside FORGIVE: forms of a verb of the block, not verbs."""
    for lemma in list(block.verbs):
        others = [derivation.verbs[verb]["forms"] for verb in block.verbs if verb != lemma]
        if " " not in lemma and any(lemma in forms for forms in others):
            block.verbs.remove(lemma)
            if not any(lemma in other.verbs for other in derivation.blocks):
                del derivation.verbs[lemma]
            derivation.dropped["inflected form listed as a verb (kept as a form of its verb)"] += 1


def _pattern_add(derivation: Derivation, block: Block, body: str, comment: str) -> None:
    try:
        block.patterns.append((pattern_read(body, derivation.sets), comment))
    except Dropped as reason:
        derivation.dropped[str(reason)] += 1


def _verb_add(derivation: Derivation, block: Block, body: str) -> None:
    try:
        words, irregular, code = verb_line_read(body)
    except Dropped as reason:
        derivation.dropped[str(reason)] += 1
        return
    lemma = " ".join(words)
    codes = code_parse(code) if code is not None else (block.code, block.target_code)
    entry = derivation.verbs.setdefault(lemma, _entry(*codes, own_code=code is not None))
    if code is not None and not entry["own_code"]:
        entry.update(code=codes[0], target_code=codes[1], own_code=True)
    forms = inflections(words, irregular)
    if irregular is not None and not entry["irregular"]:
        entry.update(forms=forms, irregular=True)
    elif (irregular is not None) == entry["irregular"]:
        entry["forms"] = list(dict.fromkeys(entry["forms"] + forms))
    if lemma not in block.verbs:
        block.verbs.append(lemma)


def _block_attach(derivation: Derivation, block: Block) -> None:
    forms = {form: lemma for lemma in block.verbs for form in derivation.verbs[lemma]["forms"]}
    for found, comment in block.patterns:
        names = [part.split()[0] for part in comment.split(",") if part.split()]
        named = list(dict.fromkeys(forms[word_text(name)] for name in names if word_text(name) in forms))
        attached = [_attach(derivation, lemma, particle, dict(pattern, own=True) if named else pattern)
                    for lemma in named or block.verbs for particle, pattern in found]
        if not any(attached):
            derivation.dropped["pattern that fits no verb of its block"] += 1


def _attach(derivation: Derivation, lemma: str, particle: str | None, pattern: dict) -> bool:
    """Give a pattern to a verb; one that names no word (`* OFF`, `* +`) is the verb's code.

    A particle pattern makes its phrasal verb only when written for that verb: a block's
    `* BACK [040]` is not a reason to coin "supervise back".
    """
    if particle:
        base, lemma = lemma, f"{lemma} {particle}"
        if lemma not in derivation.verbs and (" " in base or not pattern.get("own")):
            return False
        if lemma not in derivation.verbs:
            derivation.verbs[lemma] = _entry(None, None, own_code=False)
            derivation.verbs[lemma]["forms"] = [f"{form} {particle}" for form in derivation.verbs[base]["forms"]]
    entry = derivation.verbs[lemma]
    if pattern["specific"] == 0:
        if not entry["own_code"]:
            entry.update(code=pattern["code"], target_code=pattern.get("target_code"), own_code=True)
        return True
    key = json.dumps([pattern[k] for k in ("code", "object", "prep", "subject")] + [pattern.get("target_code")])
    if key not in entry["keys"]:
        entry["keys"].add(key)
        entry["patterns"].append(pattern)
    return True


def _entry(code: str | None, target_code: str | None, *, own_code: bool) -> dict:
    return {"code": code, "target_code": target_code, "forms": [], "patterns": [], "own_code": own_code,
            "irregular": False, "keys": set()}


# ---- output -----------------------------------------------------------------------------

def document(derivation: Derivation) -> dict:
    verbs = {}
    for lemma in sorted(derivation.verbs):
        entry = derivation.verbs[lemma]
        verbs[lemma] = {"code": entry["code"]}
        if entry["target_code"]:
            verbs[lemma]["target_code"] = entry["target_code"]
        verbs[lemma].update(forms=entry["forms"], patterns=entry["patterns"])
    notice = {"source": SOURCE, "licence": LICENCE, "copyright": COPYRIGHT,
              "derivation": "events/extraction/derive/cameo_verbs.py; see LICENSE-PETRARCH2.md",
              "skipped_verbs": "auxiliaries and copulas: " + ", ".join(sorted(AUXILIARIES))}
    return {"notice": notice, "sets": derivation.sets, "verbs": verbs}


def document_text(document: dict) -> str:
    """JSON with one set and one verb a line, so that a change reads as a small diff."""
    def block(name, entries):
        rows = [f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
                for key, value in entries.items()]
        return f'  "{name}": {{\n' + ",\n".join(rows) + "\n  }"
    notice = f'  "notice": {json.dumps(document["notice"], ensure_ascii=False)}'
    return "{\n" + ",\n".join([notice, block("sets", document["sets"]), block("verbs", document["verbs"])]) + "\n}\n"


def summary(document: dict, dropped: Counter) -> str:
    verbs = document["verbs"].values()
    patterns = [pattern for verb in verbs for pattern in verb["patterns"]]
    codes = {c for item in [*verbs, *patterns] for c in (item["code"], item.get("target_code")) if c}
    forms = {form for verb in verbs for form in verb["forms"] if " " not in form}
    phrasal = sum(1 for lemma in document["verbs"] if " " in lemma)
    reasons = "; ".join(f"{reason}: {count}" for reason, count in dropped.most_common() if count)
    return (f"{len(document['verbs'])} verbs ({phrasal} multi-word), {len(forms)} one-word forms, "
            f"{len(patterns)} patterns, {len(codes)} codes; left out {sum(dropped.values())} lines ({reasons})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameo", required=True, help="Path of PETRARCH2's CAMEO.2.0.txt.")
    parser.add_argument("--out", required=True, help="Where to write cameo_verbs.json.")
    args = parser.parse_args(argv)
    with open(args.cameo, encoding="utf-8") as handle:
        derivation = dictionary_read(handle.read())
    result = document(derivation)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(document_text(result))
    print(summary(result, derivation.dropped))
    return 0


if __name__ == "__main__":
    sys.exit(main())

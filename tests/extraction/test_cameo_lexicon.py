"""Stage 3b: the CAMEO verb lexicon: its derivation, the committed data and the matcher."""
import json

import pytest

from events.extraction.cameo import DEFAULT_PATH, Match, VerbLexicon
from events.extraction.derive.cameo_patterns import Dropped, pattern_read
from events.extraction.derive.cameo_verbs import dictionary_read, document, document_text

SNIPPET = """\
####### SYNONYM SETS #######

&ENVOY
+AMBASSADOR
+CHARGE_D'AFFAIRES
+DIPLOMATS_

&AUXWORDS_
+IS_TO
+WOULD

####### VERB PATTERNS #######

---  EXPEL   [174]  ---
EXPEL {EXPELS EXPELLING EXPELLED }
DRIVE {DRIVES DRIVING DROVE DRIVEN } [---]
+THROW_OUT {+THROWS_OUT +THREW_OUT +THROWN_OUT}
- * &ENVOY                               [161]        # EXPEL
- * CAR                                  [---]        # DRIVE
- * (FROM {PEACE TALKS})                 [164]        # THROWN_OUT
- * (TO +)                               [042:043]    # ab 01 Jan 2001
- * OUT OBSERVERS                        [1662]       # DRIVE

######## TRANSFORMATIONS ##########

~ a (a b ATTACK) SAY = a b 015
"""

TO_TARGET = {"code": "042", "object": [], "prep": [["to", ["+"]]], "subject": [], "specific": 1,
             "text": "* (TO +) [042:043]", "target_code": "043"}
EXPECTED_VERBS = {
    "drive": {"code": None, "forms": ["drive", "drives", "driving", "drove", "driven"], "patterns": [
        {"code": None, "object": ["car"], "prep": [], "subject": [], "specific": 1, "text": "* CAR [---]",
         "own": True},
        TO_TARGET]},
    "drive out": {"code": None, "forms": ["drive out", "drives out", "driving out", "drove out", "driven out"],
                  "patterns": [{"code": "1662", "object": ["observers"], "prep": [], "subject": [], "specific": 1,
                                "text": "* OUT OBSERVERS [1662]", "own": True}]},
    "expel": {"code": "174", "forms": ["expel", "expels", "expelling", "expelled"], "patterns": [
        {"code": "161", "object": ["&envoy"], "prep": [], "subject": [], "specific": 1, "text": "* &ENVOY [161]",
         "own": True},
        TO_TARGET]},
    "throw out": {"code": "174", "forms": ["throw out", "throws out", "threw out", "thrown out", "throwing out"],
                  "patterns": [{"code": "164", "object": [], "prep": [["from", ["peace talks"]]], "subject": [],
                                "specific": 3, "text": "* (FROM {PEACE TALKS}) [164]", "own": True},
                               TO_TARGET]},
}


@pytest.fixture(scope="module")
def snippet():
    derivation = dictionary_read(SNIPPET)
    return derivation, document(derivation)


@pytest.fixture(scope="module")
def small(snippet):
    return VerbLexicon(snippet[1])


@pytest.fixture(scope="module")
def lexicon():
    return VerbLexicon.load()


# ---- derivation ----------------------------------------------------------------------

def test_derivation_gives_each_verb_its_forms_code_and_the_patterns_written_for_it(snippet):
    assert snippet[1]["verbs"] == EXPECTED_VERBS


def test_derivation_adds_plurals_to_one_word_nouns_only(snippet):
    assert snippet[1]["sets"] == {"envoy": ["ambassador", "ambassadors", "charge d'affaires", "diplomats"],
                                  "auxwords": ["is to", "would"]}


def test_derivation_counts_the_transformations_it_leaves_out(snippet):
    assert sum(snippet[0].dropped.values()) == 1


def test_derived_json_has_one_verb_a_line_and_reads_back_the_same(snippet):
    text = document_text(snippet[1])
    assert json.loads(text) == snippet[1]
    assert sum(1 for line in text.splitlines() if line.startswith('    "')) == len(EXPECTED_VERBS) + 2


def test_a_pattern_with_two_prepositions_is_two_patterns_and_a_bare_preposition_opens_a_phrase():
    alternatives = pattern_read(" * (BY/WITH SANCTIONS) [163]", {})
    assert [(particle, p["prep"]) for particle, p in alternatives] == [
        (None, [["by", ["sanctions"]]]), (None, [["with", ["sanctions"]]])]
    ((_, pattern),) = pattern_read(" * TROOPS TOWARD + [154]", {})
    assert (pattern["object"], pattern["prep"]) == (["troops"], [["toward", ["+"]]])


def test_a_pattern_naming_only_an_auxiliary_or_an_unknown_set_is_dropped():
    with pytest.raises(Dropped):
        pattern_read(" WILL * [036]", {})
    with pytest.raises(Dropped):
        pattern_read(" * &NOWHERE [036]", {})


# ---- the matcher, on the snippet --------------------------------------------------------

def test_a_set_matches_its_plural_and_its_multi_word_members(small):
    assert small.code("expel", objects=["two", "ambassadors"]).code == "161"
    assert small.code("expel", objects=["the", "charge", "d'affaires"]).code == "161"


def test_without_a_matching_pattern_the_verb_gives_its_own_code(small):
    assert small.code("expel", objects=["journalists"]) == Match("174", "", 0, None)
    assert small.code("drive") == Match(None, "", 0, None)


def test_a_no_event_pattern_says_so_with_a_null_code(small):
    assert small.code("drive", objects=["a", "car"]) == Match(None, "* CAR [---]", 1, None)


def test_a_pattern_for_one_verb_of_the_block_does_not_apply_to_the_others(small):
    assert small.code("expel", objects=["car"]).code == "174"
    assert small.code("throw out", preps=[("from", ["the", "peace", "talks"])]).code == "164"
    assert small.code("expel", preps=[("from", ["the", "peace", "talks"])]).code == "174"


def test_a_target_in_a_prepositional_phrase_and_the_reciprocal_code_are_reported(small):
    assert small.code("expel", preps=[("to", ["france"])]) == Match("042", "* (TO +) [042:043]", 1, "to", "043")


def test_forms_lemmas_and_phrasal_verbs(small):
    assert (small.lemma("Expelled"), small.lemma("drove"), small.lemma("threw"), small.lemma("fled")) == (
        "expel", "drive", "throw", None)
    assert small.phrasal("drive", "out") == "drive out"
    assert small.phrasal("expel", "out") is None
    assert {"expels", "driven", "thrown"} <= small.forms()
    assert small.code("fled") is None


def test_the_most_specific_pattern_wins_then_the_verbs_own_then_the_first():
    verb = {"code": "010", "forms": ["say"], "patterns": [
        {"code": "011", "object": ["plan"], "prep": [], "subject": [], "specific": 1, "text": "a"},
        {"code": "012", "object": ["plan"], "prep": [], "subject": [], "specific": 1, "text": "b", "own": True},
        {"code": "013", "object": ["plan"], "prep": [], "subject": [], "specific": 1, "text": "c", "own": True},
        {"code": "014", "object": ["peace plan"], "prep": [], "subject": [], "specific": 2, "text": "d"}]}
    small = VerbLexicon({"sets": {}, "verbs": {"say": verb}})
    assert small.code("say", objects=["a", "plan"]).code == "012"
    assert small.code("say", objects=["a", "peace", "plan"]).code == "014"
    assert small.code("say", objects=["a", "plan", "for", "peace"]).code == "012"


# ---- the committed lexicon ------------------------------------------------------------

def _codes(data):
    found = set()
    for verb in data["verbs"].values():
        for item in [verb, *verb["patterns"]]:
            found |= {code for code in (item["code"], item.get("target_code")) if code}
    return found


def test_the_committed_lexicon_reaches_every_cameo_root():
    with open(DEFAULT_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    roots = {}
    for code in _codes(data):
        roots[code[:2]] = roots.get(code[:2], 0) + 1
    assert sorted(roots) == [f"{root:02d}" for root in range(1, 21)]
    assert min(roots.values()) >= 3
    assert "petrarch2" in data["notice"]["source"] and data["notice"]["licence"] == "MIT"


def test_the_committed_lexicon_knows_the_forms_of_common_verbs(lexicon):
    assert lexicon.lemma("expelled") == "expel"
    assert lexicon.lemma("brought") == "bring"
    assert lexicon.lemma("forgave") == "forgive"
    assert lexicon.phrasal("carry", "out") == "carry out"
    assert {"expelled", "recalled", "imposed", "signed"} <= lexicon.forms()


@pytest.mark.parametrize(("lemma", "dependents", "code", "pattern"), [
    ("expel", {"objects": ["two", "diplomats"]}, "174", "* DIPLOMATS [174]"),
    ("expel", {"objects": ["a", "diplomat"]}, "161", "* DIPLOMAT [161]"),
    ("expel", {"objects": ["the", "ambassador"]}, "174", ""),
    ("recall", {"objects": ["its", "ambassador"]}, "161", "* AMBASSADOR [161]"),
    ("impose", {"objects": ["new", "sanctions"]}, "163", "* SANCTIONS [163]"),
    ("accuse", {"preps": [("of", ["espionage"])]}, "112", ""),
    ("sign", {"objects": ["an", "agreement"]}, "057", "* &TREATY [057:057]"),
    ("sign", {"objects": ["a", "trade", "agreement"]}, "0311", "* {TRADE &TREATY} [0311:0311]"),
    ("threaten", {"objects": ["sanctions"]}, "130", ""),
    ("grant", {"objects": ["political", "asylum"]}, "075", "* &ASYLUM [075]"),
    ("extradite", {"objects": ["the", "suspect"]}, "063", "* &SUSPECT [063]"),
    ("mediate", {}, "080", ""),
    ("mediate", {"preps": [("between", ["the", "two", "sides"])]}, "045", "* (BETWEEN) [045]"),
    ("lift", {"objects": ["the", "curfew"]}, "0813", "* CURFEW [0813]"),
    ("lift", {"objects": ["sanctions"]}, "085", "* SANCTIONS [085]"),
    ("release", {"objects": ["prisoners"]}, "0841", "* PRISONERS [0841]"),
    ("issue", {"objects": ["an", "ultimatum"]}, "139", "* ULTIMATUM [139]"),
    ("cut", {"objects": ["diplomatic", "relations"]}, "161", "* {DIPLOMATIC RELATIONS} [161]"),
    ("carry out", {"objects": ["air", "strikes"]}, "195", "* {AIR STRIKE} [195]"),
    ("draw", {"objects": ["a", "picture"]}, None, "* PICTURE [---]"),
])
def test_the_committed_lexicon_codes_diplomatic_phrasings(lexicon, lemma, dependents, code, pattern):
    match = lexicon.code(lemma, **dependents)
    assert (match.code, match.pattern) == (code, pattern)


def test_a_verb_with_a_second_word_is_found_from_its_preposition_or_object(lexicon):
    assert lexicon.code("meet", preps=[("with", ["the", "envoy"])]) == Match("040", "meet with", 1, None)
    assert lexicon.code("rush", preps=[("to", ["the", "border"])]).code == "154"


@pytest.mark.parametrize(("lemma", "dependents"), [
    ("recall", {"objects": ["its", "envoy"]}),
    ("share", {"objects": ["intelligence"]}),
    ("sever", {"objects": ["ties"]}),
])
def test_phrasings_the_dictionary_leaves_without_an_event(lexicon, lemma, dependents):
    assert lexicon.code(lemma, **dependents).code is None

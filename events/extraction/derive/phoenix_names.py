"""Phoenix names as news writes them, and the tests that keep a name from firing on ordinary text.

`MUHAMMAD_AL-BARADEI_` -> "Muhammad al-Baradei"; `BAN_KI-MOON_` (KR) -> "Ban Ki-moon";
`SECRETARY-GENERAL_BAN_KI-MOON` -> "Ban Ki-moon" (the engine joins titles and names itself).
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..gazetteer import fold, tokenize

TITLES_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "titles.yaml")
# Titles and ranks the dictionaries glue to names, beyond the engine's title lexicon.
EXTRA_TITLES = """acting former interim caretaker retired late mr mrs ms dr prof sir dame lord lady baron baroness
    jonkheer count countess duke prince princess king queen emir sultan sheikha ayatollah mullah maulana mawlawi
    president premier chancellor kanzler bundeskanzler minister secretary secy sec gen general col colonel maj
    major capt captain lt lieutenant adm admiral brig brigadier marshal field commander chief deputy vice
    ambassador envoy senator sen rep congressman congresswoman governor mayor judge justice chairman chairwoman
    speaker spokesman spokeswoman representative commissioner director undersecretary""".split()
FUNCTION_WORDS = frozenset("of the for and in on to a an at by".split())
PARTICLES = frozenset("de da di del della der den van von le la du dos das bin ibn al el ul".split())
PATRONYMIC = frozenset("bin bint ibn ibni abu abd".split())  # "Bandar bin Sultan": a name, not a title
HYPHEN_PARTICLES = frozenset("al el ul ad as ash at az".split())  # al-Baradei, el-Sisi
# Korean and Taiwanese given names keep the second syllable lower case: Ki-moon, Ing-wen.
SYLLABLE_NAMES = frozenset("KR KP TW CN HK MO".split())
ORGANISATION_WORDS = frozenset("""ministry ministries council party army forces force government committee commission
    department assembly parliament bank organization organisation union agency office court tribunal mission fund
    program programme secretariat monitor contingent bodies initiative group community association federation
    league front movement police guard navy corps authority administration service services institute center
    centre foundation network coalition alliance cabinet senate congress embassy consulate delegation team
    company corporation news radio television press university school church council board staff troops
    battalion brigade regiment division command headquarters rebels militia junta regime people nation
    national international republic kingdom state states province region city""".split())
_WORD = re.compile(r"^[^\W\d_]+(?:[.'’-][^\W\d_]*)*\.?$")


def title_words() -> frozenset[str]:
    """Every word of the engine's titles and of EXTRA_TITLES, folded, less function words."""
    with open(TITLES_FILE, encoding="utf-8") as handle:
        titles = yaml.safe_load(handle) or {}
    phrases = [word for words in (titles.get("offices") or {}).values() for word in words]
    phrases += list(titles.get("other") or []) + list(titles.get("country_titles") or {})
    words = {fold(token) for phrase in phrases + EXTRA_TITLES for token in re.split(r"[\s-]+", phrase)}
    return frozenset(words - FUNCTION_WORDS - {""})


def words_of(raw: str) -> list[str]:
    """`JEAN_MARIE_LE_PEN_` -> ['JEAN', 'MARIE', 'LE', 'PEN']; a nickname in quotes, a note in
    brackets and a ", JR." comma go: `STANKO_TODOROV (ACTING_` -> ['STANKO', 'TODOROV']."""
    raw = re.sub(r'"[^"]*"', " ", raw.split("(")[0])
    raw = re.sub(r",[_\s]*(JR|SR)\b", r"_\1", raw, flags=re.I)
    return [word for word in re.split(r"[_\s]+", raw.strip("_ \t")) if word]


def _piece(piece: str) -> str:
    if re.fullmatch(r"[IVX]{2,4}", piece, re.I):
        return piece.upper()  # Carlos III, not Carlos Iii
    cased = "'".join(part[:1].upper() + part[1:].lower() for part in piece.replace("’", "'").split("'"))
    if len(cased) > 3 and cased.startswith("Mc"):
        cased = "Mc" + cased[2:3].upper() + cased[3:]
    return cased


def display(words: list[str], home: str | None) -> str:
    """Words in the case news prints them."""
    out = []
    for index, word in enumerate(words):
        low = word.lower()
        if 0 < index < len(words) - 1 and low in PARTICLES:
            out.append(low)
            continue
        pieces = [_piece(piece) for piece in word.split("-")]
        if len(pieces) == 2 and pieces[0].lower() in HYPHEN_PARTICLES:
            pieces[0] = pieces[0].lower()
        elif len(pieces) == 2 and home in SYLLABLE_NAMES:
            pieces[1] = pieces[1].lower()
        out.append("-".join(pieces))
    return " ".join(out)


def slug(text: str) -> str:
    """The slug load_reference gives a person (django.utils.text.slugify, without importing Django)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-_")


def phrase_key(text: str) -> str:
    """How the engine's trie sees a phrase: folded tokens."""
    return " ".join(fold(token) for token in tokenize(text))


@dataclass
class WordList:
    """Ordinary English words: written in lower case in a dictionary that capitalises
    proper nouns ("brown", not "blair"), and frequent in English text (`frequency`:
    wordfreq's Zipf scale, where 4.5 is about once in 30,000 words)."""
    lower: frozenset
    frequency: Callable[[str], float]
    threshold: float = 4.5

    @classmethod
    def from_file(cls, path: str, threshold: float = 4.5) -> "WordList":
        from wordfreq import zipf_frequency  # build-time only, like the word list

        with open(path, encoding="utf-8", errors="replace") as handle:
            lower = frozenset(fold(line.strip()) for line in handle if line[:1].islower())
        return cls(lower, lambda word: zipf_frequency(word, "en"), threshold)

    def common(self, word: str) -> bool:
        key = fold(word)
        return key in self.lower and self.frequency(key) >= self.threshold

    def all_common(self, text: str) -> bool:
        """Every word of the phrase (particles and initials aside) is an ordinary word."""
        words = [w for w in re.split(r"[\s-]+", text) if w.lower() not in PARTICLES and len(w.strip(".")) > 1]
        return bool(words) and all(self.common(word) for word in words)


def word_ok(word: str) -> bool:
    """Letters, with inner hyphens, apostrophes or an initial's period: no digits, slashes or commas."""
    return bool(_WORD.match(word))


def is_code(word: str) -> bool:
    """An acronym or code ('ANSF', 'UNSG'): no vowel, or dotted capitals ('U.N.')."""
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) > 1 and (not re.search(r"[aeiouyAEIOUY]", letters) or word.count(".") > 1)

"""Stage 1: clean the text and split it into sentences with character offsets.

Everything downstream works on a *clean* copy of the article (smart quotes made
plain, HTML tags and zero-width or bidi marks taken out), while quotes and
offsets handed back to the editor point into the *original* text: an
`OffsetMap` converts positions, so `text[start:end] == quote` always holds.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

# One-to-one replacements keep positions: a smart quote is one character, so is "'".
_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\r": "\n",
    "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
    **{chr(code): " " for code in range(0x2000, 0x200B)},
})
# Removed outright (they would split a word in two): zero-width, bidi marks, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"
_MARKUP = re.compile(
    r"(?P<block></?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer)\b[^>]{0,300}>)"
    r"|(?P<tag></?[a-zA-Z][^<>]{0,300}>|<!--.{0,2000}?-->)"
    r"|(?P<entity>&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});)"
    r"|(?P<invisible>[" + _INVISIBLE + r"]+)",
    re.S,
)


class OffsetMap:
    """Maps positions in the clean text back to the original text."""

    def __init__(self, segments: list[tuple[int, int]]):
        # (clean_start, original_start) for each run copied unchanged
        self.clean_starts = [clean for clean, _ in segments]
        self.segments = segments

    def __call__(self, position: int) -> int:
        index = bisect.bisect_right(self.clean_starts, position) - 1
        if index < 0:
            return position
        clean, original = self.segments[index]
        return original + (position - clean)


def _replacement(match: re.Match) -> str:
    if match.group("block"):
        return "\n"
    if match.group("entity"):
        value = html.unescape(match.group(0)).translate(_TRANSLATE)
        return value if len(value) == 1 else " "
    return ""  # an inline tag (<b>, <a href>) sits inside a sentence: it leaves no trace


def normalise(text: str) -> tuple[str, OffsetMap]:
    """Return the clean text and the map from clean to original offsets."""
    text = text.translate(_TRANSLATE)
    pieces, segments, clean_len, last = [], [(0, 0)], 0, 0
    for match in _MARKUP.finditer(text):
        pieces.append(text[last:match.start()])
        clean_len += match.start() - last
        replacement = _replacement(match)
        pieces.append(replacement)
        # the replacement character points at the start of what it replaced
        segments.append((clean_len, match.start()))
        clean_len += len(replacement)
        segments.append((clean_len, match.end()))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(segments)


@dataclass
class Sentence:
    index: int
    start: int  # offsets in the clean text
    end: int
    text: str
    paragraph: int
    link: bool = False  # a "READ MORE:" line: another article's headline


_LINK_LINE = re.compile(
    r"\s*(?:READ MORE|Read more|READ ALSO|Read also|RELATED|Related|MORE|SEE ALSO|See also|WATCH|Watch|LISTEN)"
    r"\s*(?::|-)\s*")
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'\- ]{1,30}(?:,\s*[A-Z][A-Za-z.' ]{1,25})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?\s*(?:\([A-Za-z .&]{1,30}\)\s*)?(?:--|-|:)\s+")
_BOUNDARY = re.compile(r"""[.!?]+["')\]]*\s+(?=["'(\[]?[A-Z0-9])|[.!?]+["')\]]*\s*$""")
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof lt col gen gov sen sens rep reps st mt adm capt maj sgt cpl
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp co ltd jr sr rev hon pres fig
    approx dept est u.s u.k u.n e.g i.e""".split())
MAX_SENTENCE = 1500  # longer runs without a break are cut, to bound the work per sentence


def _is_abbreviation(line: str, dot: int) -> bool:
    match = re.search(r"([A-Za-z.]+)$", line[max(0, dot - 12):dot])
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    return word in _ABBREVIATIONS or len(word) == 1 or (("." in word) and len(word) <= 5)


def _split_line(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _BOUNDARY.finditer(line):
        dot = match.start()
        if _is_abbreviation(line, dot) and match.end() < len(line):
            continue
        end = match.end()
        spans.append((start, end))
        start = end
    if start < len(line):
        spans.append((start, len(line)))
    return [piece for span in spans for piece in _cap(line, *span)]


def _cap(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run longer than MAX_SENTENCE at a space or comma near the limit."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = max(line.rfind(", ", start, start + MAX_SENTENCE), line.rfind(" ", start, start + MAX_SENTENCE))
        cut = cut + 1 if cut > start + MAX_SENTENCE // 2 else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_sentences(clean: str) -> list[Sentence]:
    """Split the clean text into sentences, one paragraph per line.

    A dateline ("SEOUL, June 21 --") at the start of the text is left out of
    the first sentence; a link line ("READ MORE: ...") becomes one sentence
    flagged `link`, starting after its label.
    """
    sentences: list[Sentence] = []
    position, paragraph = 0, 0
    for raw in clean.split("\n"):
        line_start, line = position, raw
        position += len(raw) + 1
        if not line.strip():
            continue
        offset, link = 0, False
        label = _LINK_LINE.match(line)
        if label:
            offset, link = label.end(), True
        elif not sentences:
            dateline = _DATELINE.match(line)
            if dateline and dateline.end() < len(line) - 20:
                offset = dateline.end()
        for start, end in _split_line(line[offset:]):
            start, end = _trim(line, offset + start, offset + end)
            if end > start:
                sentences.append(Sentence(len(sentences), line_start + start, line_start + end,
                                          line[start:end], paragraph, link))
        paragraph += 1
    return sentences


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end

"""The grammar of the Phoenix actor dictionaries (PETRARCH2's `.actors.txt`).

    TONY_BLAIR_  # CountryInfo.txt          a name line starts an entry
    +ANTHONY_BLAIR_                          an alias
        [GBRELI 710101-970502]               codes, on their own lines or after the name
        [GBRGOV >011222] [IGOUNO <061231]    `>` from a day, `<` until a day, no end or start given

`#` starts a comment. Dates are `YYMMDD` or `YYYYMMDD`. A two-digit year is read
in the century that does not put it after the last year the dictionaries write
in full (2015): `051122` is 2005, `320101` is 1932 (a king's pre-war career),
where a fixed 1945 pivot would put it in 2032. A date that is not a calendar
day in either form (`201005011`, `2004017`) is dropped and counted, and the
rest of the code is kept: a range without its start is no dated role.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

_CODE = re.compile(r"\[([^\]]*)\]")
_DATES = re.compile(r"^(?P<sign>[<>])?\s*(?P<first>\d+)?(?:\s*-\s*(?P<second>\d+))?$")


@dataclass
class Code:
    """One bracketed code: the letters and, when given, the days it holds from and until."""
    letters: str
    start: dt.date | None = None
    end: dt.date | None = None
    dated: bool = False
    open_end: bool = False


@dataclass
class Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comment: str = ""  # of the name line: "president of the CoEU from FRANCE"


@dataclass
class Parsed:
    entries: int
    people: list[Entry]
    horizon: dt.date
    counts: Counter  # what the reading dropped or kept undated, by reason


def _raw_lines(text: str):
    """(kind, body, codes) per meaningful line: kind is name, alias or codes."""
    for line in text.splitlines():
        body, _, comment = line.partition("#")
        codes = _CODE.findall(body)
        head = _CODE.sub(" ", body).strip()
        if not head and not codes:
            continue
        if head.startswith("+"):
            yield "alias", head[1:].strip(), codes, ""
        elif head and not head.startswith("["):
            yield "name", head, codes, comment.strip()
        else:
            yield "codes", "", codes, ""


def _entries(texts: list[str]) -> tuple[list[tuple[Entry, list[str]]], int]:
    entries: list[tuple[Entry, list[str]]] = []
    for text in texts:
        current = None
        for kind, body, codes, comment in _raw_lines(text):
            if kind == "name":
                current = (Entry(body, comment=comment), [])
                entries.append(current)
            if current is None:
                continue
            if kind == "alias" and body:
                current[0].aliases.append(body)
            current[1].extend(codes)
    return entries, len(entries)


def _full_years(raw_codes: list[str]) -> int:
    """The last year the dictionaries write with four digits (2044 when they write none:
    a plain pivot, 45-99 in the 1900s)."""
    years = [int(match[:4]) for code in raw_codes for match in re.findall(r"\b(\d{8})\b", code)]
    return max((year for year in years if year < 2100), default=2044)


def _day(digits: str, last_year: int) -> dt.date | None:
    if len(digits) == 8:
        year, rest = int(digits[:4]), digits[4:]
    elif len(digits) == 6:
        year = 2000 + int(digits[:2])
        year, rest = (year if year <= last_year else year - 100), digits[2:]
    else:
        return None
    try:
        return dt.date(year, int(rest[:2]), int(rest[2:]))
    except ValueError:
        return None


def code_read(raw: str, last_year: int, counts: Counter) -> Code | None:
    """`GBRGOV 970502-070627` -> Code('GBRGOV', 1997-05-02, 2007-06-27)."""
    parts = raw.split(None, 1)
    if not parts or not parts[0].isalpha():
        return None
    code = Code(parts[0].upper())
    match = _DATES.match(parts[1].strip()) if len(parts) > 1 else None
    if len(parts) > 1 and not match:
        counts["dates: unreadable, code kept undated"] += 1
        return code
    if not match or not match["first"]:
        return code
    first = _day(match["first"], last_year)
    second = _day(match["second"], last_year) if match["second"] else None
    bad = (first is None) + (match["second"] is not None and second is None)
    if bad:
        counts["dates: malformed, dropped"] += bad
    if match["sign"] == "<":
        code.end, code.dated = first, first is not None
    elif match["second"] is None and match["sign"] != ">":
        counts["dates: one day with no from or until, code kept undated"] += 1
    else:
        code.start, code.end, code.dated = first, second, first is not None
        code.open_end = match["second"] is None or second is None
    return code


def dictionary_parse(texts: list[str]) -> Parsed:
    """Every entry of the dictionaries, codes read, open ends closed on the last day they name."""
    entries, total = _entries(texts)
    last_year = _full_years([code for _, codes in entries for code in codes])
    counts: Counter = Counter()
    for entry, raw_codes in entries:
        entry.codes = [code for code in (code_read(raw, last_year, counts) for raw in raw_codes) if code]
    days = [day for entry, _ in entries for code in entry.codes for day in (code.start, code.end) if day]
    horizon = max((day for day in days if day.year <= last_year), default=dt.date(last_year, 12, 31))
    return Parsed(total, [entry for entry, _ in entries], horizon, counts)

"""Stage 4: find date expressions and resolve them against the publication date.

One compiled regular expression finds every expression in the article
("on Sunday", "last week", "two weeks ago", "December 1", "1 December 2021",
"from December 1", "in May of last year", "yesterday", "that day"); each
resolves to a range (date_min, date_max), a best day and a precision. Past is
assumed for a bare weekday, since news reports what happened; "next", "will"
or "from" before it look forward. A weekday names the day on or before
publication: news published on a Monday that says "on Monday" means that day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

DAY = dt.timedelta(days=1)
FIRST_YEAR = 1900
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3, "couple of": 2}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WD = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"
PATTERN = re.compile(
    r"(?P<from>\b(?:[Ff]rom|[Ss]tarting|[Ss]ince|[Uu]ntil|[Bb]y)\s+)?"
    r"(?:(?P<md>\b(?P<md_m>" + _MONTH + r")\s+(?P<md_d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_y>\d{4}))?)"
    r"|(?P<dm>\b(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>" + _MONTH + r")(?:,?\s+(?P<dm_y>\d{4}))?)"
    r"|(?P<iso>\b(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})\b)"
    r"|(?P<my>\b(?P<my_m>" + _MONTH + r")(?:\s+of)?\s+(?P<my_y>\d{4}|last year|this year))"
    r"|(?P<inm>\b(?:[Ii]n|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<inm_m>" + _MONTH + r")\b(?!\s+\d))"
    r"|(?P<year>\b[Ii]n\s+(?P<year_y>(?:19|20)\d{2})\b)"
    r"|(?P<ago>\b(?P<ago_n>" + _NUM + r")\s+(?P<ago_u>day|week|month|year)s?\s+ago\b)"
    r"|(?P<wd>\b(?P<wd_q>[Ll]ast|[Tt]his|[Nn]ext|[Oo]n|[Ee]arlier on|[Ll]ate on|[Ee]arly on)?\s*(?:a\s+)?"
    r"(?P<wd_d>" + _WD + r")(?:'s)?\b)"
    r"|(?P<rel>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening|week|month|year)|"
    r"[Ll]ast (?:night|week|month|year|weekend)|[Nn]ext (?:week|month|year|weekend)|"
    r"[Ee]arlier (?:this|in the) (?:week|month|year)|[Ll]ater this (?:week|month|year)|"
    r"(?:[Aa]t|[Oo]ver|[Tt]his|[Oo]n) the weekend|[Tt]his weekend|[Ll]ast weekend|[Ww]eekend)\b)"
    r"|(?P<same>\b(?:[Ll]ater|[Ee]arlier)?\s*(?:that|the same) (?:day|morning|evening|night)\b))")


@dataclass
class When:
    """A resolved date expression."""
    start: int
    end: int
    low: dt.date
    high: dt.date
    precision: str      # day | week | month | year
    explicit: bool = True
    relative: bool = False  # "that day": resolved against the story, not the calendar

    @property
    def best(self) -> dt.date:
        return self.low if self.precision == "day" else self.high


def _weekday(day_name: str, qualifier: str, pub: dt.date, forward: bool) -> tuple[dt.date, dt.date]:
    target = WEEKDAYS.index(day_name.lower())
    back = (pub.weekday() - target) % 7
    if qualifier == "last":
        back = back or 7
    if qualifier == "next" or forward:
        ahead = (target - pub.weekday()) % 7 or 7
        day = pub + ahead * DAY
    else:
        day = pub - back * DAY
    return day, day


def _month_day(month: int, day: int, year: int | None, pub: dt.date, forward: bool) -> tuple[dt.date, dt.date] | None:
    if year is None:
        candidates = []
        for y in (pub.year - 1, pub.year, pub.year + 1):
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:
                pass
        if not candidates:
            return None
        # the nearest such day, and a past one unless the text looks forward
        past = [c for c in candidates if c <= pub + 2 * DAY]
        pool = candidates if forward else (past or candidates)
        chosen = min(pool, key=lambda c: abs((c - pub).days))
        return chosen, chosen
    try:
        chosen = dt.date(year, month, day)
    except ValueError:
        return None
    return chosen, chosen


def _month(month: int, year: int | None, pub: dt.date) -> tuple[dt.date, dt.date]:
    if year is None:
        year = pub.year if month <= pub.month else pub.year - 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - day.weekday() * DAY
    return monday, monday + 6 * DAY


def _relative(words: str, pub: dt.date) -> tuple[dt.date, dt.date, str]:
    w = words.lower().strip()
    if w == "yesterday":
        return pub - DAY, pub - DAY, "day"
    if w in ("today", "tonight") or w.startswith("this ") and w.split()[1] in ("morning", "afternoon", "evening"):
        return pub, pub, "day"
    if w == "last night":
        return pub - DAY, pub, "day"
    if w == "this week" or w == "earlier this week" or w == "earlier in the week":
        return _week_of(pub)[0], pub, "week"
    if w == "last week":
        low, _ = _week_of(pub - 7 * DAY)
        return low, low + 6 * DAY, "week"
    if w in ("this month", "earlier this month", "earlier in the month"):
        return pub.replace(day=1), pub, "month"
    if w == "last month":
        first = pub.replace(day=1) - DAY
        return first.replace(day=1), first, "month"
    if w in ("this year", "earlier this year", "earlier in the year"):
        return pub.replace(month=1, day=1), pub, "year"
    if w == "last year":
        return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31), "year"
    if w.startswith("next") or w.startswith("later this"):
        unit = w.split()[-1]
        span = {"week": 7, "weekend": 7, "month": 31, "year": 365}.get(unit, 7)
        return pub, pub + span * DAY, "week" if span <= 7 else "month"
    # the weekend: the last Saturday-Sunday on or before publication
    sunday = pub - ((pub.weekday() + 1) % 7) * DAY
    return sunday - DAY, sunday, "week"


def _forward(clean: str, start: int) -> bool:
    """Words just before a date that point ahead: 'will meet on Monday'."""
    before = clean[max(0, start - 30):start].split("\n")[-1].lower()
    before = re.split(r"[.;!?]\s", before)[-1]
    return bool(re.search(r"\b(?:will|next|due|scheduled|to be held|is to|are to|'ll)\b", before))


def resolve(match: re.Match, pub: dt.date, clean: str) -> When | None:
    """Turn one match of PATTERN into a When, or None if it is no date."""
    g = match.groupdict()
    possessive = match.group(0).endswith("'s") or clean[match.end():match.end() + 2] == "'s"
    if possessive and (g["wd"] or g["rel"]):
        return None  # "Wednesday's tragedy", "last week's fallout" name an event, not its date
    forward = bool(g["from"]) and g["from"].strip().lower() in ("from", "starting", "until", "by") \
        or _forward(clean, match.start())
    span = _calendar(g, pub, forward) or _counted(g, pub, forward)
    if span is None:
        return None
    low, high, precision = span
    return When(match.start(), match.end(), low, high, precision, relative=bool(g["same"]))


def _calendar(g: dict, pub: dt.date, forward: bool) -> tuple | None:
    """Dates the calendar names: 'December 1', '1 December 2021', 'in May', 'in 2012'."""
    if g["md"] or g["dm"]:
        prefix = "md" if g["md"] else "dm"
        month = MONTHS.get(g[prefix + "_m"].lower().rstrip("."))
        year = int(g[prefix + "_y"]) if g[prefix + "_y"] else None
        span = _month_day(month, int(g[prefix + "_d"]), year, pub, forward) if month else None
        return (*span, "day") if span else None
    if g["iso"]:
        try:
            day = dt.date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
        except ValueError:
            return None
        return day, day, "day"
    if g["my"] or g["inm"]:
        month = MONTHS.get((g["my_m"] or g["inm_m"]).lower().rstrip("."))
        year_text = (g["my_y"] or "").lower()
        year = pub.year - 1 if year_text == "last year" else pub.year if year_text == "this year" else \
            int(year_text) if year_text else None
        return (*_month(month, year, pub), "month") if month else None
    if g["year"]:
        year = int(g["year_y"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def _counted(g: dict, pub: dt.date, forward: bool) -> tuple | None:
    """Dates counted from publication: 'two weeks ago', 'on Sunday', 'yesterday', 'that day'."""
    if g["ago"]:
        count = g["ago_n"].lower()
        number = int(count) if count.isdigit() else NUMBERS.get(count, 1)
        unit = {"day": 1, "week": 7, "month": 30, "year": 365}[g["ago_u"].lower()]
        day = pub - number * unit * DAY
        slack = {1: 0, 7: 3, 30: 15, 365: 182}[unit]
        precision = {1: "day", 7: "week", 30: "month", 365: "year"}[unit]
        return day - slack * DAY, min(pub, day + slack * DAY), precision
    if g["wd"]:
        qualifier = (g["wd_q"] or "").lower().split()[0] if g["wd_q"] else ""
        return (*_weekday(g["wd_d"], qualifier, pub, forward and qualifier != "last"), "day")
    if g["rel"]:
        return _relative(g["rel"], pub)
    if g["same"]:
        return pub, pub, "day"
    return None


ANCHORS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(d + "s" for d in WEEKDAYS) | frozenset(
    "yesterday today tonight week weeks weekend month months year years day days morning evening night ago".split())
_WORD = re.compile(r"\w+")


def find_dates(clean: str, pub: dt.date) -> list[When]:
    """Every date expression in the clean text, in order.

    The big pattern is tried only where a date word stands (a month, a
    weekday, a number, 'yesterday', 'week'...), starting up to three words
    earlier so that 'earlier on Thursday' or 'in May of last year' is whole:
    scanning every position of the article with it would cost ten times more.
    """
    tokens = [(m.start(), m.group(0).lower()) for m in _WORD.finditer(clean)]
    found, covered = [], 0
    for k, (position, word) in enumerate(tokens):
        if position < covered or not (word in ANCHORS or word[0].isdigit()):
            continue
        for j in range(max(0, k - 3), k + 1):
            start = tokens[j][0]
            if start < covered:
                continue
            match = PATTERN.match(clean, start)
            if match is None or match.end() <= position:
                continue
            covered = match.end()
            if not (match.group("from") and match.group("from").strip().lower() == "since"):
                when = resolve(match, pub, clean)  # "since 1994" is a duration, not a date of an act
                if when is not None and possible(when, pub):
                    found.append(when)
            break
    return found


def possible(when: When, pub: dt.date) -> bool:
    """News dates its acts between 1900 and a year after publication; anything
    else is a misread number ("in 2300 cases") or a typo, never a date."""
    return FIRST_YEAR <= when.low.year and when.high.year <= pub.year + 1


def recent_range(pub: dt.date) -> tuple[dt.date, dt.date, str]:
    """An act told in the present or present perfect with no date word: the day of
    publication or the one before ("has expelled", "expels")."""
    return pub - DAY, pub, "day"


def default_range(pub: dt.date, news_day: dt.date | None) -> tuple[dt.date, dt.date, str]:
    """The honest range for an act the text does not date.

    The day the story's lead gives (when it is within the week before
    publication), else the few days before publication: never a made-up day.
    """
    if news_day is not None and pub - 7 * DAY <= news_day <= pub:
        return news_day, pub, "day" if news_day == pub else "week"
    return pub - 3 * DAY, pub, "week"

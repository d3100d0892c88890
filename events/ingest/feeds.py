"""RSS and Atom, through feedparser: from a feed's bytes to its entries.

Pure: no database, no network. feedparser is lenient, and so are we where it
helps (a stray ampersand in one title should not lose a whole feed): a feed
that is not well-formed but still yields entries is read, with a warning. A
body with no entries that is HTML, or is broken XML, is a FeedError that says
which.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class FeedError(Exception):
    """Not a feed we can read; the message is for an editor to read."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    published_at: dt.datetime | None
    summary: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[Entry]
    warning: str = ""


def feed_parse(body: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS or Atom document, links made absolute against `url`."""
    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "application/xml"})
    problem = _problem(parsed)
    entries = []
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        if link:
            entries.append(Entry(url=urljoin(url, link), title=(item.get("title") or "").strip()[:500],
                                 published_at=_when(item), summary=(item.get("summary") or "").strip()))
    if not entries:  # an empty feed is fine; no entries out of a broken document is not
        html = content_type in ("text/html", "application/xhtml+xml") or HTML_START.match(body[:2048])
        if not parsed.version and html:
            raise FeedError("the feed URL returned an HTML page, not RSS or Atom")
        if problem:
            raise FeedError(f"malformed feed XML: {problem}")
        if not parsed.version:
            raise FeedError("not an RSS or Atom feed")
    warning = f"the feed is not well-formed XML ({problem}); its entries were read anyway" if problem else ""
    return ParsedFeed(title=(parsed.feed.get("title") or "").strip()[:300], entries=entries, warning=warning)


def _problem(parsed) -> str:
    """What is wrong with the document's XML, or "" (feedparser flags harmless encoding notes too)."""
    error = parsed.get("bozo_exception") if parsed.bozo else None
    if error is None or isinstance(error, (feedparser.CharacterEncodingOverride,)):
        return ""
    where = f" at line {error.getLineNumber()}" if hasattr(error, "getLineNumber") else ""
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    return f"{message}{where}"


def _when(item) -> dt.datetime | None:
    stamp = item.get("published_parsed") or item.get("updated_parsed")
    if not stamp:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.timezone.utc)

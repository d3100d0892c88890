"""From an HTML page to an article's text and metadata, with trafilatura.

Pure: no database, no network. A page with no article text in it (a
cookie wall, an index page, a broken document) is an ExtractError, which the
caller records as the article's reason for failing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura

MIN_TEXT_CHARS = 80


class ExtractError(Exception):
    """No article text could be found; the message is for an editor to read."""


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    published_at: dt.datetime | None
    sitename: str


def article_extract(html: str, *, url: str) -> Extracted:
    """Title, main text, publication date and the outlet's name from a page."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # lxml and trafilatura raise many types on broken markup
        raise ExtractError(f"could not parse the page: {type(error).__name__}: {str(error)[:200]}") from None
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractError("no article text found in the page (it may be an index page, a paywall or a cookie wall)")
    return Extracted(title=(document.title or "").strip()[:500], text=text,
                     published_at=date_parse(document.date), sitename=(document.sitename or "").strip()[:200])


def date_parse(value: str | None) -> dt.datetime | None:
    """A date or datetime string as an aware datetime (midnight UTC for a bare date)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)

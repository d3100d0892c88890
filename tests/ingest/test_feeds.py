"""Reading RSS and Atom: entries, lenient about small faults, clear about broken ones."""
import datetime as dt

import pytest

from events.ingest.feeds import FeedError, feed_parse
from events.ingest.samples import atom, rss, story

BASE = "https://courier.example"


def test_feed_parse_reads_rss_entries_with_links_titles_and_dates():
    items = [story(i) for i in range(3)]
    parsed = feed_parse(rss(items, base_url=BASE).encode(), url=f"{BASE}/rss", content_type="application/rss+xml")
    assert [e.url for e in parsed.entries] == [f"{BASE}{s.path}?utm_source=rss&utm_medium=feed" for s in items]
    assert parsed.entries[0].title == items[0].title
    assert parsed.entries[0].published_at == items[0].published
    assert parsed.title == "The Daily Courier: World" and parsed.warning == ""


def test_feed_parse_reads_atom_entries():
    items = [story(i) for i in range(2)]
    parsed = feed_parse(atom(items, base_url=BASE).encode(), url=f"{BASE}/atom", content_type="application/atom+xml")
    assert [e.url for e in parsed.entries] == [f"{BASE}{s.path}" for s in items]
    assert parsed.entries[1].published_at == items[1].published


def test_feed_parse_makes_relative_links_absolute_and_skips_entries_without_one():
    body = (b'<rss version="2.0"><channel><title>t</title><item><title>a</title><link>/news/a</link></item>'
            b"<item><title>no link</title></item></channel></rss>")
    parsed = feed_parse(body, url=f"{BASE}/feeds/rss")
    assert [e.url for e in parsed.entries] == [f"{BASE}/news/a"]


def test_feed_parse_reads_a_slightly_broken_feed_with_a_warning():
    body = (b'<rss version="2.0"><channel><title>t</title><item><title>Trade & talks</title>'
            b"<link>https://courier.example/a</link></item></channel></rss>")
    parsed = feed_parse(body, url=f"{BASE}/rss")
    assert [e.url for e in parsed.entries] == ["https://courier.example/a"]
    assert "not well-formed" in parsed.warning


def test_feed_parse_rejects_malformed_xml_with_the_parser_message():
    with pytest.raises(FeedError, match=r"malformed feed XML: .*line \d+"):
        feed_parse(b"<rss><channel><title>Broken</title><item><title>Unclosed", url=f"{BASE}/rss",
                   content_type="application/rss+xml")


def test_feed_parse_rejects_an_html_page():
    body = b"<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
    with pytest.raises(FeedError, match="returned an HTML page, not RSS or Atom"):
        feed_parse(body, url=f"{BASE}/rss", content_type="text/html")


def test_feed_parse_rejects_a_document_that_is_not_a_feed():
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        feed_parse(b'<?xml version="1.0"?><catalogue><book>x</book></catalogue>', url=f"{BASE}/rss")


def test_feed_parse_gives_no_date_when_the_entry_has_none():
    body = b'<rss version="2.0"><channel><title>t</title><item><link>https://c.example/a</link></item></channel></rss>'
    assert feed_parse(body, url=BASE).entries[0].published_at is None


def test_sample_stories_differ_and_name_two_countries():
    texts = {story(i).text for i in range(100)}
    assert len(texts) == 100
    first = story(0)
    assert "France" in first.lead and "Australia" in first.lead
    assert first.published.tzinfo == dt.timezone.utc

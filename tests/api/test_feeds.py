"""Atom feeds for any events filter, valid for feedparser."""
import feedparser
import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def parse(client, query=""):
    response = client.get(f"/feeds/events.atom{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_feed_of_a_country_lists_its_confirmed_events(client, record):
    feed = parse(client, "?country=ML")
    assert [e.title for e in feed.entries] == ["31 Jan 2022: Mali expels the French ambassador"]
    entry = feed.entries[0]
    assert entry.link.endswith(f"/events/{record['expelled'].pk}/")
    assert "SANCTION" in [t.term for t in entry.tags]
    assert "“Mali expels the French ambassador”" in entry.summary


def test_the_unfiltered_feed_leaves_suggestions_out(client, record):
    titles = " ".join(e.title for e in parse(client).entries)
    assert "Unreviewed" not in titles and "Calais" in titles


def test_a_dyad_feed(client, record):
    assert len(parse(client, "?dyad=DZ-MA").entries) == 1


def test_markup_in_a_summary_stays_text_in_the_feed(client, record):
    record["meeting"].summary = "<b>France</b> & Belgium meet"
    record["meeting"].save()
    entry = next(e for e in parse(client, "?type=meeting").entries)
    assert entry.title.endswith("<b>France</b> & Belgium meet")


def test_a_bad_filter_is_a_400_saying_why(client, record):
    response = client.get("/feeds/events.atom?country=XX")
    assert response.status_code == 400 and b"Unknown country code" in response.content


@override_settings(PUBLIC_RECORD=False)
def test_a_private_record_sends_anonymous_readers_to_log_in(client, record):
    response = client.get("/feeds/events.atom")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

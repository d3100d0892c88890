"""Whole articles: one paragraph per event type of the taxonomy, and the
Channel-crossings story with each of its required events."""
import datetime as dt

import pytest

from events.extraction.lexicon import load_lexicon

from .conftest import codes, load_articles, load_channel_case

ARTICLES = load_articles()


def _fits(event, expect):
    if event["type"] != expect["type"]:
        return False
    for side in ("source", "target", "participants"):
        if not set(expect.get(side, [])) <= codes(event[side]):
            return False
    low, high = (dt.date.fromisoformat(day) for day in expect["date"])
    return low <= dt.date.fromisoformat(event["date_min"]) and dt.date.fromisoformat(event["date_max"]) <= high


def test_the_fixture_articles_cover_every_type_the_hand_written_patterns_name():
    covered = {article["expect"]["type"] for article in ARTICLES}
    assert covered == {p.type for p in load_lexicon().patterns}


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_each_fixture_article_yields_its_event_with_sides_and_date(extract, article):
    events = extract(article["text"], article["published_at"])
    expect = article["expect"]
    assert any(_fits(event, expect) for event in events), \
        [(e["type"], codes(e["source"]), codes(e["target"]), codes(e["participants"]), e["date_min"], e["date_max"])
         for e in events]


CHANNEL = load_channel_case()
REQUIRED = [gold for gold in CHANNEL["gold"] if gold.get("required", True)]


def _matches_gold(event, gold):
    if event["plover"] not in gold["families"]:
        return False
    if gold["participants"]:
        if len(codes(event["participants"]) & set(gold["participants"])) < 2:
            return False
    else:
        if gold["source"] and not codes(event["source"]) & set(gold["source"]):
            return False
        if gold["target"] and not codes(event["target"]) & set(gold["target"]):
            return False
    low = dt.date.fromisoformat(gold["date_min"]) - dt.timedelta(days=1)
    high = dt.date.fromisoformat(gold["date_max"]) + dt.timedelta(days=1)
    claimed_low, claimed_high = dt.date.fromisoformat(event["date_min"]), dt.date.fromisoformat(event["date_max"])
    return low <= claimed_low and claimed_high <= high and (claimed_high - claimed_low).days <= 7


@pytest.mark.parametrize("gold", REQUIRED, ids=[g["id"] + " " + g["kind"] for g in REQUIRED])
def test_channel_crossings_required_event_is_found_strictly(extract, gold):
    events = extract(CHANNEL["article"]["text"], CHANNEL["article"]["published_at"], CHANNEL["article"]["title"])
    assert any(_matches_gold(event, gold) for event in events)


def test_channel_crossings_gives_one_suggestion_per_event_not_per_sentence(extract):
    events = extract(CHANNEL["article"]["text"], CHANNEL["article"]["published_at"], CHANNEL["article"]["title"])
    withdrawn = [e for e in events if e["type"] == "invitation_withdrawn"]
    assert len(withdrawn) == 1
    assert codes(withdrawn[0]["source"]) == {"FR"} and codes(withdrawn[0]["target"]) == {"GB"}

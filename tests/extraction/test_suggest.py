"""Stage 5: one suggestion per event, in the output contract."""
import re

from .conftest import codes

CONTRACT = {"type", "plover", "cameo", "goldstein", "source", "target", "participants", "date", "date_min",
            "date_max", "date_precision", "summary", "quote", "quote_start", "quote_end", "confidence"}


def test_every_suggestion_carries_the_contract_fields(extract):
    text = "Canada expelled four Russian diplomats on Monday."
    event = extract(text, published_at="2018-03-27")[0]
    assert CONTRACT <= set(event)
    assert (event["plover"], event["cameo"], event["goldstein"]) == ("SANCTION", "166", -7.0)
    assert text[event["quote_start"]:event["quote_end"]] == event["quote"] == text
    assert 0 < event["confidence"] <= 1


def test_the_same_event_in_three_sentences_is_one_suggestion(extract):
    text = ("Mali expelled the French ambassador on Monday. The French ambassador was expelled by Mali's junta. "
            "Mali's decision to expel the French ambassador was condemned in Paris.")
    expelled = [e for e in extract(text, published_at="2022-01-31") if e["type"] == "diplomats_expelled"]
    assert len(expelled) == 1
    assert (codes(expelled[0]["source"]), codes(expelled[0]["target"])) == ({"ML"}, {"FR"})
    assert expelled[0]["date"] == "2022-01-31" and expelled[0]["mentions"] >= 2


def test_two_meetings_on_different_days_stay_two(extract):
    text = "Colombia and Venezuela met on Sunday in Bogota. Colombia and Venezuela met again on Tuesday in Caracas."
    meetings = [e for e in extract(text, published_at="2010-08-11") if e["type"] == "meeting"]
    assert sorted(m["date"] for m in meetings) == ["2010-08-08", "2010-08-10"]


def test_symmetric_events_list_their_actors_as_participants(extract):
    event = extract("Japan and Australia signed a defence pact on Friday.", published_at="2022-01-08")[0]
    assert event["type"] == "agreement_signed"
    assert event["source"] == [] and event["target"] == [] and codes(event["participants"]) == {"JP", "AU"}


def test_a_summary_is_a_headline_of_the_act_in_the_articles_words(extract):
    event = extract("Canada expelled four Russian diplomats on Monday.", published_at="2018-03-27")[0]
    assert event["summary"] == "Canada expels four Russian diplomats"
    assert event["type_name"] == "Diplomats expelled"


def test_a_passive_summary_is_turned_around(extract):
    event = extract("Three Belarusian diplomats were expelled by Poland on Tuesday.", published_at="2024-03-14")[0]
    assert event["summary"] == "Poland expels three Belarusian diplomats"


def test_a_summary_says_what_the_words_around_the_act_do_to_it(extract):
    threat = extract("The EU is ready to impose new sanctions on Belarus, an EU spokesman said.",
                     published_at="2025-03-12")[0]
    assert threat["type"] == "sanctions_threatened"
    assert threat["summary"] == "European Union threatens to impose new sanctions on Belarus"
    future = extract("France will recall its ambassador from Mali.", published_at="2022-01-31")[0]
    assert future["summary"].startswith("France to recall its ambassador")


def test_no_summary_carries_an_arrow_or_an_iso_date(extract):
    text = ("Canada expelled four Russian diplomats on Monday. Russia accused Canada of hostility. "
            "The foreign ministers of Canada and Russia met in Vienna on 12 March 2018.")
    for event in extract(text, published_at="2018-03-27"):
        assert "->" not in event["summary"] and not re.search(r"\d{4}-\d{2}-\d{2}", event["summary"])


def test_a_new_person_is_offered_for_the_editor_to_confirm(extract):
    event = extract("Home Secretary Priti Patel criticised France on Monday.")[0]
    person = event["source"][0]
    assert person["name"] == "Priti Patel" and person["code"] == "GB" and person["new"] is True
    assert person["title"] == "Home Secretary"


def test_a_link_line_yields_at_most_a_low_confidence_suggestion(extract):
    events = extract("READ MORE: French president pans Boris Johnson over Channel crossings")
    assert [e["type"] for e in events] == ["accusation"]
    assert events[0]["confidence"] <= 0.35

"""Stage 3b: who did what to whom around each trigger."""
from .conftest import codes


def only(events, kind):
    found = [e for e in events if e["type"] == kind]
    assert len(found) == 1, [(e["type"], e["summary"]) for e in events]
    return found[0]


def sides(event):
    return codes(event["source"]), codes(event["target"])


def test_passive_voice_puts_the_agent_of_by_as_source(extract):
    event = only(extract("The French ambassador has been expelled by Mali's military government."), "diplomats_expelled")
    assert sides(event) == ({"ML"}, {"FR"})


def test_reported_speech_takes_the_subject_of_the_reported_clause(extract):
    event = only(extract("Darmanin said the British Prime Minister had posted a letter to Macron on Twitter."),
                 "letter_published")
    assert sides(event) == ({"GB"}, {"FR"})


def test_an_evaluation_is_the_speakers_accusation_of_the_one_judged(extract):
    event = only(extract('"The British leader has made a mockery of France," Darmanin said.'), "accusation")
    assert sides(event) == ({"FR"}, {"GB"})


def test_coordinated_actors_all_take_part_in_a_meeting(extract):
    event = only(extract("Counterparts from France, the Netherlands, Belgium and the European Commission met in "
                         "Calais on Sunday."), "meeting")
    assert codes(event["participants"]) == {"FR", "NL", "BE", "EU"}
    assert event["date"] == "2021-11-28"


def test_the_triggers_own_wording_names_the_target(extract):
    event = only(extract("Paris opted to withdraw the invitation for the UK to join the talks."), "invitation_withdrawn")
    assert sides(event) == ({"FR"}, {"GB"})


def test_told_they_were_not_welcome_makes_the_subject_the_target(extract):
    events = extract("Germany and Italy met in Rome, but British officials were absent after being told they "
                     "were not welcome.", title="Britain shut out of talks by Germany")
    event = only(events, "invitation_withdrawn")
    assert "GB" in codes(event["target"])


def test_refused_to_expel_is_a_rejection_not_an_expulsion(extract):
    events = extract("Austria refused to expel Russian diplomats on Wednesday.")
    assert [e["type"] for e in events] == ["rejection"]
    assert sides(events[0]) == ({"AT"}, {"RU"})


def test_threatened_to_recall_is_a_threat_of_reduced_relations(extract):
    events = extract("Cyprus threatened to recall its ambassador from Turkey.")
    assert [e["type"] for e in events] == ["sanctions_threatened"]


def test_did_not_meet_is_no_meeting(extract):
    assert extract("Macron did not meet Putin in Paris.") == []


def test_may_impose_sanctions_is_at_most_low_confidence(engine):
    article = {"published_at": "2021-11-29", "text": "Japan may impose sanctions on Russia."}
    assert engine.extract(article) == []
    engine_all = type(engine)(engine.gaz, engine.lexicon, list(engine.types.values()), engine.curated, 0.0)
    events = engine_all.extract(article)
    assert events and all(e["confidence"] <= 0.3 for e in events)


def test_a_pronoun_subject_is_the_speaker(extract):
    event = only(extract('"We have urged China to withdraw the missiles," Pentagon spokesman Christopher Logan said.'),
                 "appeal")
    assert sides(event) == ({"US"}, {"CN"})


def test_agreed_to_restore_relations_is_a_restoration(extract):
    events = extract("On Tuesday the governments of Colombia and Venezuela agreed to restore diplomatic relations.",
                     published_at="2010-08-11")
    assert [(e["type"], e["date"]) for e in events] == [("relations_restored", "2010-08-10")]
    assert codes(events[0]["participants"]) == {"CO", "VE"}


def test_a_second_verb_shares_the_first_ones_subject_not_its_object(extract):
    events = extract("Israel declared Lula persona non grata on Monday and summoned Brazil's ambassador for a reprimand.",
                     published_at="2024-02-15")
    summoned = next(e for e in events if e["type"] == "ambassador_summoned")
    assert [s["code"] for s in summoned["source"]] == ["IL"]
    assert [t["code"] for t in summoned["target"]] == ["BR"]


def test_what_an_invitation_offers_is_not_an_event_of_its_own(extract):
    events = extract("French President Emmanuel Macron invited Chinese President Xi Jinping to visit France, "
                     "the Elysee said on Wednesday.", published_at="2023-03-02")
    assert [e["type"] for e in events] == ["invitation_extended"]

"""Stage 2: mentions of countries, organisations and people, with coreference."""
import datetime as dt

import pytest

from events.extraction.gazetteer import case_fits, surnames
from events.extraction.mentions import MentionFinder


@pytest.fixture
def mentions(engine):
    """mentions(text, day) -> [(code, kind, text, new, title)] over the text's sentences."""
    def run(text, day="2021-11-29"):
        finder = MentionFinder(engine.gaz, dt.date.fromisoformat(day), engine.curated)
        found = []
        for sentence in text.split("\n"):
            start = text.index(sentence)
            for m in finder.sentence_mentions(sentence, start, 0):
                found.append((m.code, m.kind, text[m.start:m.end], m.new, m.title))
        return found
    return run


def test_longest_term_wins_over_its_parts(mentions):
    found = mentions("The South Korean foreign minister met officials from the Democratic People's Republic of Korea.")
    assert [(code, text) for code, _, text, _, _ in found] == [
        ("KR", "South Korean foreign minister"), ("KP", "Democratic People's Republic of Korea")]


def test_acronyms_need_capitals_and_names_need_a_capital(mentions):
    assert [m[0] for m in mentions("Let us talk about chad and turkey, then US policy.")] == ["US"]


def test_possessive_country_joins_its_title_and_name(mentions):
    found = mentions("France's interior minister Gerald Darmanin said so.")
    assert found == [("FR", "person", "France's interior minister Gerald Darmanin", False, "interior minister")]


def test_metonyms_and_demonyms_point_at_their_country(mentions):
    found = mentions("No10 and the Élysée disagreed, and the English blamed the French.")
    assert [m[0] for m in found] == ["GB", "FR", "GB", "FR"]


def test_an_unknown_person_with_title_and_country_is_marked_new(mentions):
    found = mentions("Neither British Home Secretary Priti Patel nor her staff came.")
    assert found[0][:4] == ("GB", "person", "British Home Secretary Priti Patel", True)


def test_a_country_specific_title_gives_the_country_of_a_newcomer(mentions):
    found = mentions("Home Secretary Priti Patel was not invited.")
    assert found[0][0] == "GB" and found[0][3] is True


def test_a_surname_later_in_the_article_points_back_at_the_newcomer(mentions):
    found = mentions("Home Secretary Priti Patel was not invited.\nPatel was pleased later.")
    assert found[-1][:3] == ("GB", "person", "Patel")


def test_the_prime_minister_resolves_through_roles_by_the_articles_date(engine):
    for day, name in (("2018-05-01", "Theresa May"), ("2021-11-29", "Boris Johnson")):
        finder = MentionFinder(engine.gaz, dt.date.fromisoformat(day), engine.curated)
        finder.sentence_mentions("Britain said it would act.", 0, 0)
        mention = finder.sentence_mentions("The Prime Minister said so.", 100, 1)[0]
        assert (mention.code, mention.name) == ("GB", name)


def test_a_demonym_and_title_resolve_to_the_office_holder(mentions):
    found = mentions("The French president spoke first, then the British leader.")
    assert [(m[0], m[1]) for m in found] == [("FR", "title"), ("GB", "title")]


def test_the_two_countries_refers_to_the_last_two_named(mentions):
    found = mentions("Ireland and Norway said the two countries would act.")
    assert [m[0] for m in found][:2] == ["IE", "NO"] and sorted(m[0] for m in found[2:]) == ["IE", "NO"]


def test_a_leader_known_by_role_is_found_by_surname_alone(mentions):
    assert mentions("Macron answered on Twitter.")[0][:2] == ("FR", "person")


def test_case_check_allows_shouted_headlines():
    assert case_fits(("Boris",), ["BORIS"])
    assert not case_fits(("US",), ["us"])


def test_surnames_keep_particles_and_family_names_first():
    assert surnames("Jean-Yves Le Drian") == ["Le Drian"]
    assert "Xi" in surnames("Xi Jinping")
    assert surnames("Theresa May") == []


def test_a_person_heading_an_organisation_stands_for_it_while_in_office(event_types):
    from events.extraction import Engine

    data = {
        "countries": [{"code": "PT", "name": "Portugal", "leader": "head_of_state", "terms": [{"text": "Portugal", "kind": "name"}]},
                      {"code": "RU", "name": "Russia", "leader": "head_of_state", "terms": [{"text": "Russia", "kind": "name"}]}],
        "organisations": [{"code": "UN", "name": "United Nations", "terms": [{"text": "UN", "kind": "alias"}]}],
        "actors": [{"id": 1, "kind": "person", "name": "Antonio Guterres", "code": "PT", "country": "PT", "terms": []}],
        "roles": [{"actor_id": 1, "office": "head_of_government", "title": "Prime Minister", "of": "PT",
                   "start": "1995-10-28", "end": "2002-04-06"},
                  {"actor_id": 1, "office": "head_of_organisation", "title": "Secretary-General", "of": "UN",
                   "start": "2017-01-01", "end": None}],
    }
    engine = Engine.from_data(gazetteer=data, event_types=event_types)
    finder = MentionFinder(engine.gaz, dt.date(2022, 4, 4), engine.curated)
    text = "Antonio Guterres urged Russia to agree a ceasefire."
    assert [m.code for m in finder.sentence_mentions(text, 0, 0)][:1] == ["UN"]
    finder = MentionFinder(engine.gaz, dt.date(2000, 4, 4), engine.curated)
    assert [m.code for m in finder.sentence_mentions(text, 0, 0)][:1] == ["PT"]

"""Deriving phoenix_people.json: the dictionary grammar, dates, codes, names and the filters.

The dictionary lines here are written for the tests in the format of the Phoenix
actor files; the people in them are invented.
"""
import datetime as dt
import json
from collections import Counter

from events.extraction.derive.phoenix_actors import document_text
from events.extraction.derive.phoenix_filter import Curated, Selector, people_select
from events.extraction.derive.phoenix_forms import given_names, short_form_clashes, unsafe_form
from events.extraction.derive.phoenix_names import WordList, display, words_of
from events.extraction.derive.phoenix_parse import Code, code_read, dictionary_parse
from events.extraction.derive.phoenix_roles import place_of, role_of

COUNTRIES = """
TEODORA_VASQUEL_  # a note
+TEODORA_MARISOL_VASQUEL_
+PRESIDENT_VASQUEL_
+VASQUEL_
\t[PERELI 19650101-990301]
\t[PERGOV 990301-010728]
\t[PERGOV >050101]
\t[PERGOVAGR 020101-030101]
\t[PERGOVBUS 20120301-20130115]
ORLANDO_BRISK_FENWAY_
\t[CHLGOV <020101]
SECRETARY-GENERAL_OSKAR_LINDQVART_\t[IGOUNO 940101-961231] [ELI]
PERUVIAN_NATIONAL_ARMY_
\t[PERMIL]
"""
WORDS = WordList(frozenset({"guy", "major", "brisk"}), lambda word: 5.0)


def curated(**changes) -> Curated:
    fields = dict(people=frozenset(), terms=frozenset({"peru", "peruvian"}), slugs=frozenset(),
                  place_words=frozenset({"peru", "peruvian"}), rows=())
    return Curated(**{**fields, **changes})


def test_an_entry_keeps_its_name_aliases_and_codes_with_their_dates():
    parsed = dictionary_parse([COUNTRIES])
    vasquel = parsed.people[0]
    assert vasquel.name == "TEODORA_VASQUEL_"
    assert vasquel.aliases == ["TEODORA_MARISOL_VASQUEL_", "PRESIDENT_VASQUEL_", "VASQUEL_"]
    assert [(c.letters, c.start, c.end, c.open_end) for c in vasquel.codes[:3]] == [
        ("PERELI", dt.date(1965, 1, 1), dt.date(1999, 3, 1), False),
        ("PERGOV", dt.date(1999, 3, 1), dt.date(2001, 7, 28), False),
        ("PERGOV", dt.date(2005, 1, 1), None, True)]
    lindqvart = parsed.people[2]
    assert [c.letters for c in lindqvart.codes] == ["IGOUNO", "ELI"]


def test_two_digit_years_stay_before_the_last_year_written_in_full():
    counts = Counter()
    assert code_read("AFGELI 320101-331108", 2015, counts).start == dt.date(1932, 1, 1)
    assert code_read("DEUGOV >051122", 2015, counts).start == dt.date(2005, 11, 22)
    assert code_read("FRAGOV 140608-150126", 2015, counts).end == dt.date(2015, 1, 26)
    assert not counts


def test_a_malformed_date_is_dropped_and_counted_and_the_code_kept():
    counts = Counter()
    code = code_read("GBRGOV >201005011", 2015, counts)
    assert (code.letters, code.dated, code.start) == ("GBRGOV", False, None)
    range_code = code_read("KORGOVBUS 2004017-20061201", 2015, counts)
    assert (range_code.start, range_code.end) == (None, dt.date(2006, 12, 1))
    assert counts == {"dates: malformed, dropped": 2}


def test_codes_give_places_territories_and_the_projects_organisation_codes():
    assert place_of("GBRGOVBUS") == ("GB", ["GOV", "BUS"], False)
    assert place_of("GBRVGBELI") == ("VG", ["ELI"], False)
    assert place_of("KSVGOV") == ("XK", ["GOV"], False)
    assert place_of("IGOUNODEVWBK") == ("WB", [], True)
    assert place_of("IGOUNOKID") == ("UN", [], True)
    assert place_of("IGOEUREEC") == ("EU", [], True)
    assert place_of("IGOEURDEVEBR") == (None, [], True)


def test_an_open_ended_role_closes_on_the_horizon_and_other_ministries_give_none():
    counts, horizon = Counter(), dt.date(2015, 2, 17)
    role = role_of(Code("PERGOV", dt.date(2005, 1, 1), None, True, True), horizon, counts)
    assert role == {"office": "other", "title": "Official", "of": "PE", "start": dt.date(2005, 1, 1), "end": horizon}
    assert role_of(Code("PERGOVAGR", dt.date(2002, 1, 1), dt.date(2003, 1, 1), True), horizon, counts) is None
    assert role_of(Code("AUSGOV", None, dt.date(2002, 1, 1), True), horizon, counts) is None
    assert counts["roles: left out, in a ministry of another field (agriculture, health...)"] == 1
    assert counts["roles: left out, no start day"] == 1


def test_names_are_written_as_news_prints_them():
    assert display(words_of("MUHAMMAD_AL-KAMALI_"), "EG") == "Muhammad al-Kamali"
    assert display(words_of("PARK_SEO-YUN_"), "KR") == "Park Seo-yun"
    assert display(words_of("ROBERT_MCALLISTER_"), "US") == "Robert McAllister"
    assert display(words_of("JEAN-LUC_DE_VERNAY_"), "FR") == "Jean-Luc de Vernay"
    assert words_of('STANKO_PETROV (ACTING_') == ["STANKO", "PETROV"]


def test_titles_come_off_names_and_titled_or_one_word_aliases_are_dropped():
    selector = Selector(curated(), WORDS)
    words = selector.stripped("SECRETARY-GENERAL_OSKAR_LINDQVART_")
    assert selector.name(words, None) == "Oskar Lindqvart"
    assert selector.alias("PRESIDENT_VASQUEL_", "PE") is None
    assert selector.alias("VASQUEL_", "PE") is None
    assert selector.alias("PERUVIAN_PRESIDENT_TEODORA_VASQUEL", "PE") is None
    assert selector.alias("TEODORA_MARISOL_VASQUEL_", "PE") == "Teodora Marisol Vasquel"
    assert selector.name(selector.stripped("PERUVIAN_NATIONAL_ARMY_"), "PE") is None


def test_short_forms_that_would_fire_on_ordinary_text_are_refused():
    given = given_names(["Jan Rolny", "Jan Mraz", "Jan Kovar", "Xi Lanfeng"])
    assert unsafe_form("Guy Vandermeer", "BE", WORDS, given) == "an ordinary English word"
    assert unsafe_form("Jan Kovar", "CZ", WORDS, given) == "a given name"
    assert unsafe_form("M. Tamarind", "IN", WORDS, given) == "an initial"
    assert unsafe_form("Xi Lanfeng", "CN", WORDS, given) is None


def test_a_short_form_two_countries_share_at_once_keeps_only_the_former_leader():
    leader = {"name": "Hector Quimbaya", "country": "VE", "organisation": None, "roles": [
        {"title": "Politician", "start": "1980-01-01", "end": "1999-01-01"},
        {"title": "Official", "start": "1999-01-01", "end": "2013-03-05"}]}
    minister = {"name": "Arturo Ruiz Quimbaya", "country": "MX", "organisation": None, "roles": [
        {"title": "Official", "start": "2009-11-01", "end": "2011-03-31"}]}
    earlier = {"name": "Lucia Quimbaya", "country": "CO", "organisation": None, "roles": [
        {"title": "Official", "start": "1970-01-01", "end": "1974-01-01"}]}
    assert short_form_clashes([leader, minister, earlier], []) == {1}


def test_selection_keeps_dated_people_with_clean_names_and_writes_one_a_line():
    people, counts = people_select(dictionary_parse([COUNTRIES]), curated(), WORDS)
    assert [(p["name"], p["country"], p.get("organisation")) for p in people] == [
        ("Teodora Vasquel", "PE", None), ("Oskar Lindqvart", None, "UN")]
    assert people[0]["aliases"] == ["Teodora Marisol Vasquel"]
    assert [(r["title"], r["start"], r["end"]) for r in people[0]["roles"]] == [
        ("Politician", "1965-01-01", "1999-03-01"), ("Official", "1999-03-01", "2001-07-28"),
        ("Official", "2005-01-01", "2013-01-15")]
    assert counts["entries: no dated government, legislature, military or organisation role"] == 2
    text = document_text(people)
    assert json.loads(text) == people and len(text.splitlines()) == len(people) + 2


def test_a_person_already_curated_is_left_to_the_curated_file():
    people, counts = people_select(dictionary_parse([COUNTRIES]), curated(people=frozenset({"teodora vasquel"})), WORDS)
    assert [p["name"] for p in people] == ["Oskar Lindqvart"]
    assert counts["people: already curated in people.json"] == 1

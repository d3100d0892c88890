"""The shared event filters (events_filter / EventFilterSet), one test per filter."""
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict

from events.selectors.events import event_timeline
from events.selectors.timeline import events_filter

pytestmark = pytest.mark.django_db


def summaries(params: str) -> set[str]:
    return {e.summary for e in events_filter(event_timeline(), QueryDict(params))}


def keys(record, names):
    return {record[name].summary for name in names}


def test_no_filter_lists_every_confirmed_event_and_no_suggestion(channel_record):
    assert summaries("") == keys(channel_record, ["letter", "withdrawn", "calais", "patrol", "fishing", "month", "germany"])


def test_country_filter_keeps_events_involving_the_country_on_any_side(channel_record):
    assert summaries("country=BE") == keys(channel_record, ["calais"])
    assert summaries("country=gb") == keys(channel_record, ["letter", "withdrawn", "patrol", "fishing", "month"])


def test_country_and_counterpart_keep_the_pairs_events_only(channel_record):
    assert summaries("country=GB&counterpart=FR") == keys(channel_record, ["letter", "withdrawn", "patrol", "fishing", "month"])
    assert summaries("country=DE&counterpart=FR") == keys(channel_record, ["germany"])


def test_an_event_naming_a_country_twice_is_listed_once(channel_record):
    # "letter" has the United Kingdom as a country and through Boris Johnson.
    rows = [e.summary for e in events_filter(event_timeline(), {"country": "GB"})]
    assert len(rows) == len(set(rows))


def test_actor_filter_keeps_the_actors_events(channel_record, person):
    assert summaries(f"actor={person.slug}") == keys(channel_record, ["letter"])


def test_type_filter_by_slug(channel_record):
    assert summaries("type=meeting") == keys(channel_record, ["calais", "germany"])


def test_family_filter_in_either_case(channel_record):
    assert summaries("family=REJECT") == keys(channel_record, ["withdrawn"])
    assert summaries("family=consult") == keys(channel_record, ["calais", "germany"])


def test_date_range_is_inclusive_on_the_best_day(channel_record):
    assert summaries("date_from=2021-11-26&date_to=2021-11-28") == keys(channel_record, ["withdrawn", "calais", "patrol"])
    assert summaries("date_to=2021-10-31") == keys(channel_record, ["fishing"])


def test_words_use_full_text_search_with_stemming(channel_record):
    assert summaries("q=accused") == keys(channel_record, ["fishing"])  # "accuses" and "accused" share a stem
    assert summaries("q=calais talks") == keys(channel_record, ["withdrawn"])
    assert summaries('q=channel -letter') == keys(channel_record, ["patrol"])


def test_words_fall_back_to_every_word_contained_outside_postgresql(channel_record, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert summaries("q=CALAIS talks") == keys(channel_record, ["withdrawn"])


def test_filters_combine(channel_record):
    assert summaries("country=GB&counterpart=FR&family=ACCUSE&date_from=2021-10-01&q=fishing") == keys(channel_record, ["fishing"])


@pytest.mark.parametrize("params, field, message", [
    ("country=XX", "country", "Unknown country code."),
    ("counterpart=ZZ", "counterpart", "Unknown country code."),
    ("actor=nobody-at-all", "actor", "Unknown actor"),
    ("type=war", "type", "Unknown event type."),
    ("family=FRIENDSHIP", "family", "Select a valid choice"),
    ("date_from=yesterday", "date_from", "Enter a valid date."),
    ("date_from=2021-12-01&date_to=2021-11-01", "date_to", "The end date is before the start date."),
    ("country=GB&counterpart=GB", "counterpart", "Choose a country other than the first one."),
])
def test_bad_parameters_raise_an_error_naming_the_parameter(reference, params, field, message):
    with pytest.raises(ValidationError) as caught:
        events_filter(event_timeline(), QueryDict(params))
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])


def test_participant_filters_give_the_same_page_by_ids_or_by_probing_each_event(channel_record, monkeypatch):
    from events.selectors import timeline

    def page(params):
        return [e.pk for e in timeline.timeline_page(events_filter(event_timeline(), QueryDict(params))).events]

    by_ids = page("country=GB&counterpart=FR")
    monkeypatch.setattr(timeline.filters, "FEW_EVENTS", 1)  # every filter now "many": EXISTS on each event
    assert page("country=GB&counterpart=FR") == by_ids
    assert len(by_ids) == 5

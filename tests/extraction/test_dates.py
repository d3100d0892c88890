"""Stage 4: dates resolved against the publication date."""
import datetime as dt

import pytest

from events.extraction.dates import default_range, find_dates

PUB = dt.date(2021, 11, 29)  # a Monday


def when(text, pub=PUB):
    found = find_dates(text, pub)
    assert len(found) == 1, found
    return found[0].low.isoformat(), found[0].high.isoformat(), found[0].precision


@pytest.mark.parametrize("text, expected", [
    ("They met on Sunday.", ("2021-11-28", "2021-11-28", "day")),
    ("It sank on Wednesday.", ("2021-11-24", "2021-11-24", "day")),
    ("He tweeted on Monday.", ("2021-11-29", "2021-11-29", "day")),
    ("They will meet next Monday.", ("2021-12-06", "2021-12-06", "day")),
    ("The talks will resume on Friday.", ("2021-12-03", "2021-12-03", "day")),
    ("It happened yesterday.", ("2021-11-28", "2021-11-28", "day")),
    ("It happened last week.", ("2021-11-22", "2021-11-28", "week")),
    ("It happened earlier this month.", ("2021-11-01", "2021-11-29", "month")),
    ("It happened two weeks ago.", ("2021-11-12", "2021-11-18", "week")),
    ("Flights resume from December 1.", ("2021-12-01", "2021-12-01", "day")),
    ("It was signed on 1 December 2020.", ("2020-12-01", "2020-12-01", "day")),
    ("It was signed on July 22.", ("2021-07-22", "2021-07-22", "day")),
    ("The attack of Oct. 7 shocked them.", ("2021-10-07", "2021-10-07", "day")),
    ("In December the EU acted.", ("2020-12-01", "2020-12-31", "month")),
    ("Talks were held at the weekend.", ("2021-11-27", "2021-11-28", "week")),
])
def test_date_expressions_resolve_against_publication(text, expected):
    assert when(text) == expected


def test_possessive_date_words_name_an_event_not_a_date():
    assert find_dates("after last week's fallout and Wednesday's tragedy", PUB) == []


def test_since_a_year_is_a_duration_not_a_date():
    assert find_dates("The border has been shut since 1994.", PUB) == []


def test_may_the_verb_is_not_a_month():
    assert find_dates("Japan may impose sanctions.", PUB) == []


def test_an_undated_act_gets_an_honest_range_not_a_day():
    low, high, precision = default_range(PUB, None)
    assert (low, high, precision) == (dt.date(2021, 11, 26), PUB, "week")


def test_an_undated_act_takes_the_day_the_lead_gives_within_the_week():
    assert default_range(PUB, dt.date(2021, 11, 28)) == (dt.date(2021, 11, 28), PUB, "week")
    assert default_range(PUB, dt.date(2021, 10, 1))[2] == "week"


def test_that_day_refers_to_the_story_not_the_calendar(extract):
    events = extract("On Wednesday Israel recalled its ambassador from Ireland. Later that day Spain recognised "
                     "the state of Palestine.", published_at="2024-05-24")
    recognition = [e for e in events if e["type"] == "recognition"][0]
    assert recognition["date"] == "2024-05-22"

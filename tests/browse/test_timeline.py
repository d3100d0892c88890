"""The timeline page: day groups, honest dates, keyset pages, filters in the URL, fixed queries."""
import datetime as dt
import re

import pytest
from django.urls import reverse

from events.models import Event
from events.selectors.events import event_timeline
from events.selectors.timeline import cursor_of, timeline_page

pytestmark = pytest.mark.django_db


def test_timeline_groups_confirmed_events_by_day_newest_first(client, channel_record):
    body = client.get(reverse("timeline")).content.decode()
    days = re.findall(r'<h2 class="day-head"><time datetime="([\d-]+)"', body)
    assert days == ["2021-12-15", "2021-11-28", "2021-11-26", "2021-11-25", "2021-11-20", "2021-10-28"]
    assert "An unreviewed suggestion" not in body


def test_each_event_shows_its_family_type_participants_as_links_and_sources(client, channel_record, person):
    body = client.get(reverse("timeline")).content.decode()
    withdrawn = body[body.index("France withdraws"):body.index("France withdraws") + 1500]
    assert f'href="{reverse("event_detail", args=[channel_record["withdrawn"].pk])}"' in body
    assert 'href="/countries/FR/">France</a>' in withdrawn
    assert 'href="/countries/GB/">United Kingdom</a>' in withdrawn
    assert "Invitation withdrawn or exclusion from talks · 2 sources" in withdrawn
    assert f'href="/actors/{person.slug}/">Boris Johnson</a>' in body
    assert 'class="event fam-reject"' in body


@pytest.mark.parametrize("name, label", [
    ("letter", "week of 22 Nov 2021"),  # the Monday of the week, not a claimed day
    ("month", "December 2021"),
    ("withdrawn", "26 Nov 2021"),
])
def test_dates_show_their_honest_precision(client, channel_record, name, label):
    event = channel_record[name]
    body = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert f">{label}</time>" in body
    assert f">{label}</time>" in client.get(reverse("timeline")).content.decode()


def test_filters_are_kept_in_the_url_and_shown_in_the_form(client, channel_record):
    body = client.get(reverse("timeline"), {"country": "GB", "counterpart": "FR", "family": "REJECT"}).content.decode()
    assert "France withdraws" in body and "Calais talks" in body
    assert "Germany and France" not in body
    assert '<option value="GB" selected>' in body
    assert "Events between" in body and 'href="/relations/GB/FR/"' in body


def test_bad_filters_answer_400_with_the_message_beside_the_field(client, reference):
    response = client.get(reverse("timeline"), {"country": "XX", "date_from": "2021-02-01", "date_to": "2021-01-01"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Unknown country code." in body
    assert "The end date is before the start date." in body


def test_keyset_pages_walk_the_whole_record_once_and_back(add_event):
    days = [dt.date(2021, 1, 1) + dt.timedelta(days=n // 3) for n in range(23)]  # three events a day: ties on date
    for n, day in enumerate(days):
        add_event(f"Talks {n}", "meeting", day, participant=["GB", "FR"], sources=0)
    expected = list(event_timeline().values_list("pk", flat=True))
    seen, cursor, pages = [], None, []
    while True:
        page = timeline_page(event_timeline(), before=cursor, size=5)
        pages.append(page)
        seen += [e.pk for e in page]
        if not page.older:
            break
        cursor = page.older
    assert seen == expected
    assert len(pages) == 5 and pages[0].newer is None and pages[1].newer == cursor_of(pages[1].events[0])
    back = timeline_page(event_timeline(), after=pages[2].newer, size=5)
    assert [e.pk for e in back] == [e.pk for e in pages[1]]


def test_the_pager_links_keep_the_filters(client, add_event):
    for n in range(55):
        add_event(f"Talks {n}", "meeting", dt.date(2020, 1, 1) + dt.timedelta(days=n), participant=["GB", "FR"], sources=0)
    first = client.get(reverse("timeline"), {"country": "GB"}).content.decode()
    older = re.search(r'href="\?([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "country=GB" in older and "before=2020-01-06." in older
    second = client.get(f"{reverse('timeline')}?{older}").content.decode()
    assert second.count('class="event fam-consult"') == 5
    assert 'rel="prev"' in second and "Newest" in second


def test_a_malformed_cursor_is_a_400_with_a_way_back(client, reference):
    response = client.get(reverse("timeline"), {"before": "last-tuesday"})
    assert response.status_code == 400
    assert "A page cursor looks like" in response.content.decode()


def _events_with_participants(add_event, count, start=0):
    from events.models import Actor

    johnson = Actor.objects.get(slug="boris-johnson")
    for n in range(start, start + count):
        add_event(f"Meeting {n}", "meeting", dt.date(2021, 1, 1) + dt.timedelta(days=n),
                  source=["GB"], target=["FR"], participant=["BE"], actors={"source": [johnson]}, sources=2)


@pytest.mark.parametrize("params", [{}, {"country": "GB", "counterpart": "FR", "type": "meeting", "family": "CONSULT",
                                         "actor": "boris-johnson", "q": "meeting", "date_from": "2020-01-01"}])
def test_the_timeline_runs_the_same_queries_for_3_or_50_events(client, add_event, django_assert_num_queries, params):
    _events_with_participants(add_event, 3)
    # events, their participants, the form's country list and type list; each filter naming a row
    # checks it exists, and each participant filter looks up its events first (selectors.timeline.involving)
    with django_assert_num_queries(11 if params else 4) as few:
        response = client.get(reverse("timeline"), params)
    assert response.content.decode().count('class="event fam-consult"') == 3
    _events_with_participants(add_event, 60, start=3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("timeline"), params)
    assert response.content.decode().count('class="event fam-consult"') == 50


def test_no_page_counts_the_whole_record(client, add_event, django_assert_num_queries):
    _events_with_participants(add_event, 3)
    with django_assert_num_queries(4) as queries:
        client.get(reverse("timeline"))
    assert not any("COUNT(" in q["sql"].upper() and "EVIDENCE" not in q["sql"].upper() for q in queries.captured_queries)


def test_home_page_keeps_its_links_and_shows_the_latest_events(client, channel_record):
    body = client.get("/").content.decode()
    for link in ('href="/events/"', 'href="/api/v1/"', 'href="/admin/"', 'href="/events/visual/"'):
        assert link in body
    assert "Britain and France agree a migration deal" in body


def test_status_suggested_is_not_reachable_through_any_filter(client, channel_record):
    body = client.get(reverse("timeline"), {"q": "unreviewed"}).content.decode()
    assert "No confirmed events match." in body
    assert Event.objects.filter(status="suggested").exists()


@pytest.mark.parametrize("name", ["letter", "month", "withdrawn"])
def test_rows_prepared_in_python_read_exactly_as_the_date_partial(channel_record, name):
    from django.template.loader import render_to_string

    from events.browse.present import date_html

    event = event_timeline().get(pk=channel_record[name].pk)
    assert date_html(event) == render_to_string("events/_event_date.html", {"event": event}).strip()

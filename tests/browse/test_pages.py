"""The event, country, pair and actor pages and the visual timeline's data."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from events.models import Event

pytestmark = pytest.mark.django_db


def test_event_page_shows_type_family_cameo_goldstein_sides_sources_and_history(client, channel_record):
    event = channel_record["withdrawn"]
    body = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    for text in ("Invitation withdrawn or exclusion from talks", "Reject (meet)", "<dd>125</dd>", "-5.0",
                 "<h3>Source</h3>", "<h3>Target</h3>", "News Example", "26 Nov 2021",
                 "France withdraws the UK&#x27;s invitation to the Calais talks, officials said.",
                 "editor-user", "Confirmed", "two sources", "type, status"):  # jsonb keeps keys shortest first
        assert text in body, text
    assert body.count("<blockquote>") == 2
    assert 'rel="noopener noreferrer nofollow"' in body and 'href="https://news.example/story-' in body


def test_event_page_lists_related_events_of_the_same_pair_nearby(client, channel_record):
    body = client.get(reverse("event_detail", args=[channel_record["withdrawn"].pk])).content.decode()
    related = body[body.index('id="h-related"'):body.index('id="h-history"')]
    for name in ("letter", "patrol", "fishing", "month"):
        assert channel_record[name].summary in related, name
    for name in ("withdrawn", "calais", "germany", "suggested"):
        assert escape(channel_record[name].summary) not in related, name
    assert 'href="/relations/GB/FR/"' in body or 'href="/relations/FR/GB/"' in body


def test_event_page_is_404_for_unknown_or_unconfirmed_events(client, channel_record):
    assert client.get(reverse("event_detail", args=[999999])).status_code == 404
    assert client.get(reverse("event_detail", args=[channel_record["suggested"].pk])).status_code == 404


def test_a_merged_event_sends_the_reader_to_the_event_it_became(client, channel_record):
    merged = channel_record["patrol"]
    Event.objects.filter(pk=merged.pk).update(status=Event.Status.MERGED, merged_into=channel_record["calais"])
    response = client.get(reverse("event_detail", args=[merged.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("event_detail", args=[channel_record["calais"].pk])


def test_country_page_lists_its_events_and_top_counterparts_with_net_cooperation(client, channel_record):
    body = client.get(reverse("country_detail", args=["FR"])).content.decode()
    table = body[body.index('class="counterparts"'):body.index("</table>")]
    # Default period: the year up to France's latest event (15 Dec 2021).
    assert "From 15 Dec 2020 to 15 Dec 2021" in body
    rows = table.split("<tr>")[2:]
    assert 'href="/relations/FR/GB/">United Kingdom</a>' in rows[0]
    # GB: agreement (+4), patrol (+7.4), letter (0), withdrawn (-5), fishing (-2): 2 cooperative, 2 conflictual
    assert '<td class="num">2</td><td class="num">2</td>' in rows[0] and ">0</td>" in rows[0]
    assert "Belgium" in table and "Germany" in table
    assert channel_record["germany"].summary in body


def test_country_page_counterparts_follow_the_chosen_period(client, channel_record):
    body = client.get(reverse("country_detail", args=["FR"]), {"date_from": "2021-11-27", "date_to": "2021-11-30"}).content.decode()
    table = body[body.index('class="counterparts"'):body.index("</table>")]
    assert "Germany" not in table and "Belgium" in table
    assert 'class="num pos">+1</td>' in table  # the patrol with GB


def test_country_page_redirects_lowercase_codes_and_404s_unknown_ones(client, reference):
    assert client.get("/countries/fr/")["Location"] == "/countries/FR/"
    assert client.get("/countries/QQ/").status_code == 404


def test_pair_page_draws_the_chart_from_dyad_relations_and_lists_the_pair(client, channel_record):
    response = client.get(reverse("pair_relations", args=["GB", "FR"]))
    body = response.content.decode()
    chart = response.context["chart"]
    assert chart["interval"] == "month"
    assert [p["start"] for p in chart["periods"]] == ["2021-10-01", "2021-11-01", "2021-12-01"]
    november = chart["periods"][1]
    assert november["counts"] == {"STATEMENT": 1, "REJECT": 1, "COOPERATE": 1}
    assert november["end"] == "2021-11-30"
    assert november["goldstein"] == round((0 - 5 + 7.4) / 3, 2)
    assert 'id="relations-chart"' in body and 'id="relations-data"' in body
    assert 'href="?date_from=2021-10-01&amp;date_to=2021-10-31#pair-events">October 2021</a>' in body  # the figures table
    assert "vendor/chartjs/chart.umd.min.js" in body
    for name in ("letter", "withdrawn", "patrol", "fishing", "month"):
        assert escape(channel_record[name].summary) in body


def test_pair_page_period_from_a_clicked_bar_filters_the_list(client, channel_record):
    body = client.get(reverse("pair_relations", args=["GB", "FR"]),
                      {"date_from": "2021-10-01", "date_to": "2021-10-31"}).content.decode()
    listing = body[body.index('id="pair-events"'):]
    assert channel_record["fishing"].summary in listing
    assert escape(channel_record["withdrawn"].summary) not in listing
    assert "Show every period" in listing


def test_pair_page_weekly_bars_over_a_short_span(client, channel_record):
    response = client.get(reverse("pair_relations", args=["GB", "FR"]), {"interval": "week"})
    weeks = [p["start"] for p in response.context["chart"]["periods"] if p["events"]]
    assert weeks == ["2021-10-25", "2021-11-22", "2021-12-13"]


def test_pair_page_refuses_unknown_or_identical_countries(client, reference):
    assert client.get("/relations/GB/QQ/").status_code == 404
    assert client.get("/relations/GB/GB/").status_code == 404
    assert client.get("/relations/gb/fr/")["Location"] == "/relations/GB/FR/"
    assert client.get("/relations/GB/FR/", {"interval": "fortnight"}).status_code == 400


def test_actor_page_shows_roles_with_dates_and_events_by_side(client, channel_record, person):
    body = client.get(reverse("actor_detail", args=[person.slug])).content.decode()
    assert "Prime Minister" in body and "24 Jul 2019" in body and "6 Sep 2022" in body
    assert "As source <span class=\"muted\">(1)</span>" in body
    assert channel_record["letter"].summary in body
    assert client.get(reverse("actor_detail", args=["nobody-at-all"])).status_code == 404


def test_visual_items_are_the_filtered_events_in_the_window_with_lanes(client, channel_record):
    data = client.get(reverse("timeline_visual_items"),
                      {"country": "FR", "start": "2021-11-01", "end": "2021-11-30"}).json()
    events = {item["event"] for item in data["items"]}
    assert events == {channel_record[n].pk for n in ("letter", "withdrawn", "calais", "patrol", "germany")}
    lanes = {g["id"]: g["content"] for g in data["groups"]}
    assert lanes["FR–GB"] == "France – United Kingdom" and lanes["~multi"] == "Several countries"
    week = next(i for i in data["items"] if i["event"] == channel_record["letter"].pk)
    assert (week["type"], week["start"], week["end"]) == ("range", "2021-11-24", "2021-11-29")
    assert week["url"] == reverse("event_detail", args=[channel_record["letter"].pk])


def test_visual_items_by_country_put_an_event_in_each_of_its_countries_lanes(client, channel_record):
    data = client.get(reverse("timeline_visual_items"), {"q": "Calais meet", "lanes": "country"}).json()
    assert sorted(item["group"] for item in data["items"]) == ["BE", "FR", "NL"]


def test_a_wide_window_is_sampled_across_its_periods(client, add_event):
    for n in range(40):
        add_event(f"Talks {n}", "meeting", dt.date(2001 + n // 2, 1, 1), participant=["GB", "FR"], sources=0)
    from events.selectors.events import event_timeline
    from events.selectors.timeline import timeline_items

    data = timeline_items(event_timeline(), limit=10, slices=5)
    years = sorted({item["start"][:4] for item in data["items"]})
    assert data["sampled"] is True and data["count"] == 10
    assert years[0] < "2008" and years[-1] == "2020"


def test_visual_items_reject_bad_windows(client, reference):
    response = client.get(reverse("timeline_visual_items"), {"start": "soon"})
    assert response.status_code == 400 and "start" in response.json()["errors"]


def test_visual_page_loads_the_vendored_library(client, reference):
    body = client.get(reverse("timeline_visual"), {"country": "GB"}).content.decode()
    assert "vendor/vis-timeline/vis-timeline-graph2d.min.js" in body
    assert 'data-items-url="/events/visual/items.json?country=GB"' in body


@pytest.mark.parametrize("url", ["/events/{pk}/", "/countries/FR/", "/relations/GB/FR/", "/actors/boris-johnson/",
                                 "/events/visual/items.json"])
def test_pages_run_the_same_number_of_queries_for_few_or_many_events(client, add_event, person, url,
                                                                    django_assert_num_queries,
                                                                    django_assert_max_num_queries):
    def grow(count, start):
        for n in range(start, start + count):
            add_event(f"Meeting {n}", "meeting", dt.date(2021, 11, 1) + dt.timedelta(days=n % 20),
                      source=["GB"], target=["FR"], participant=["BE"], actors={"source": [person]}, sources=2)

    grow(3, 0)
    first = Event.objects.order_by("pk").first()
    address = url.format(pk=first.pk)
    with django_assert_max_num_queries(12) as few:
        assert client.get(address).status_code == 200
    grow(40, 3)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(address).status_code == 200

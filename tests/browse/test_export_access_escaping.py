"""CSV export, who may read the record, and markup from articles shown as text."""
import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/events/", "/events/visual/", "/events/visual/items.json", "/events/export.csv", "/events/{pk}/",
         "/countries/FR/", "/relations/GB/FR/", "/actors/boris-johnson/"]


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_export_is_the_filtered_timeline_as_csv(client, channel_record):
    response = client.get(reverse("timeline_export"), {"country": "GB", "counterpart": "FR", "date_from": "2021-11-01"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="events-')
    rows = read_csv(response)
    assert [r["summary"] for r in rows] == [channel_record[n].summary for n in ("month", "patrol", "withdrawn", "letter")]
    withdrawn = rows[2]
    assert (withdrawn["type"], withdrawn["family"], withdrawn["cameo"], withdrawn["goldstein"]) == (
        "invitation_withdrawn", "REJECT", "125", "-5.0")
    assert (withdrawn["source"], withdrawn["target"], withdrawn["countries"], withdrawn["sources"]) == (
        "France", "United Kingdom", "FR GB", "2")
    assert rows[3]["date_precision"] == "week" and rows[3]["date_min"] == "2021-11-24"
    assert withdrawn["url"].endswith(f"/events/{channel_record['withdrawn'].pk}/")


def test_export_refuses_bad_filters(client, reference):
    response = client.get(reverse("timeline_export"), {"family": "NOPE"})
    assert response.status_code == 400 and "family" in response.json()["errors"]


def test_export_neutralises_spreadsheet_formulas(client, add_event):
    add_event("=HYPERLINK(\"http://evil.example\")", "statement", participant=["GB"])
    rows = read_csv(client.get(reverse("timeline_export")))
    assert rows[0]["summary"].startswith("'=HYPERLINK")


def _addresses(record):
    return [page.format(pk=record["withdrawn"].pk) for page in PAGES]


def test_with_a_public_record_anonymous_visitors_read_every_page(client, channel_record, settings):
    settings.PUBLIC_RECORD = True
    for address in _addresses(channel_record):
        assert client.get(address).status_code == 200, address


def test_without_a_public_record_anonymous_visitors_are_sent_to_log_in(client, channel_record, settings):
    settings.PUBLIC_RECORD = False
    for address in _addresses(channel_record):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/login/?next="), address


@pytest.mark.parametrize("who", ["analysts", "editors"])
def test_without_a_public_record_analysts_and_editors_read_every_page(client, channel_record, settings, groups, who):
    from ..factories import UserFactory

    settings.PUBLIC_RECORD = False
    client.force_login(UserFactory(username=f"a-{who}", groups=[who]))
    for address in _addresses(channel_record):
        assert client.get(address).status_code == 200, address


def test_without_a_public_record_an_account_in_neither_group_is_refused(client, channel_record, settings, groups):
    from ..factories import UserFactory

    settings.PUBLIC_RECORD = False
    client.force_login(UserFactory(username="outsider"))
    assert client.get(reverse("timeline")).status_code == 403


def test_analysts_browse_but_may_not_review(client, reader, channel_record):
    assert not reader.has_perm("events.change_event")
    client.force_login(reader)
    body = client.get(reverse("timeline")).content.decode()
    assert 'href="/review/"' not in body


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_summaries_quotes_titles_and_names_is_shown_as_text_everywhere(client, add_event, person):
    from events.models import Article, Participant

    event = add_event(f"Talks {MARKUP}", "meeting", source=["GB"], target=["FR"], actors={"source": [person]},
                      quote=f"Quote {MARKUP}")
    Article.objects.filter(evidence__event=event).update(title=f"Title {MARKUP}")
    Participant.objects.filter(event=event, actor=person).update(text=f"PM {MARKUP}")
    type(person).objects.filter(pk=person.pk).update(name=f"Boris {MARKUP}")
    # The visual timeline's page holds no summary: its script escapes the JSON (tests/e2e/test_browse.py).
    for address in [page.format(pk=event.pk) for page in PAGES if "visual" not in page and ".csv" not in page]:
        body = client.get(address).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, address
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body, address
    detail = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "Quote &lt;script&gt;" in detail and "Title &lt;script&gt;" in detail and "PM &lt;script&gt;" in detail
    timeline = client.get(reverse("timeline")).content.decode()
    assert "Boris &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</a>" in timeline


def test_chart_data_is_embedded_as_json_that_cannot_close_its_script(client, add_event):
    add_event("</script><script>alert(1)</script>", "meeting", participant=["GB", "FR"])
    body = client.get(reverse("pair_relations", args=["GB", "FR"])).content.decode()
    assert "</script><script>alert(1)" not in body

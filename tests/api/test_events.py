"""/api/v1/events/ and friends: success, auth, 404, every filter, bad input, query counts."""
import datetime as dt
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from events.models import ApiToken, Event
from events.services.tokens import token_revoke

from ..factories import EventFactory

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_events_list_shows_confirmed_events_with_sides_types_and_sources(api_client, record):
    response = api_client.get("/api/v1/events/")
    assert ids(response) == {record[k].pk for k in ("withdrawn", "meeting", "expelled", "severed")}
    row = next(r for r in response.json()["results"] if r["id"] == record["withdrawn"].pk)
    assert row["type"] == {"slug": "invitation_withdrawn", "name": "Invitation withdrawn or exclusion from talks",
                           "plover": "REJECT", "cameo": "125", "goldstein": -5.0, "directed": True}
    assert {(p["side"], p["code"]) for p in row["participants"]} == {("source", "FR"), ("target", "GB")}
    assert row["sources"][0]["quote"] == "France withdraws the UK's invitation to Calais talks"
    assert row["url"].endswith(f"/api/v1/events/{row['id']}/") and row["date_precision"] == "day"


@pytest.mark.parametrize("params, expected", [
    ({"country": "ml"}, {"expelled"}),
    ({"country": ["DZ", "BE"]}, {"severed", "meeting"}),
    ({"country": "DZ,BE"}, {"severed", "meeting"}),
    ({"dyad": "GB-FR"}, {"withdrawn"}),
    ({"dyad": "fr-ml"}, {"expelled"}),
    ({"actor": "emmanuel-macron"}, {"withdrawn"}),
    ({"type": "meeting"}, {"meeting"}),
    ({"family": "sanction"}, {"expelled", "severed"}),
    ({"date_from": "2021-11-27", "date_to": "2021-12-31"}, {"meeting"}),
    ({"date_from": "2021-08-20", "date_to": "2021-08-20"}, {"severed"}),  # inside the week-long range
    ({"q": "Calais"}, {"withdrawn", "meeting"}),
    ({"q": "expels ambassador"}, {"expelled"}),
])
def test_each_filter_narrows_the_list(api_client, record, params, expected):
    assert ids(api_client.get("/api/v1/events/", params)) == {record[k].pk for k in expected}


def test_updated_since_returns_only_recent_changes(api_client, record):
    Event.objects.exclude(pk=record["meeting"].pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(api_client.get("/api/v1/events/", {"updated_since": since})) == {record["meeting"].pk}


@pytest.mark.parametrize("params, field", [
    ({"country": "XX"}, "country"),
    ({"dyad": "GB"}, "dyad"),
    ({"dyad": "GB-GB"}, "dyad"),
    ({"type": "no_such_type"}, "type"),
    ({"family": "HUGS"}, "family"),
    ({"date_from": "2021-13-45"}, "date_from"),
    ({"updated_since": "last tuesday"}, "updated_since"),
    ({"actor": "nobody-at-all"}, "actor"),
])
def test_a_bad_filter_is_a_400_naming_the_parameter(api_client, record, params, field):
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and field in body["fields"]


def test_other_statuses_are_for_editors_only(api_client, record, editor):
    assert api_client.get("/api/v1/events/", {"status": "suggested"}).status_code == 400
    api_client.force_login(editor)
    assert ids(api_client.get("/api/v1/events/", {"status": "suggested"})) == {record["pending"].pk}


def test_event_detail_and_its_404s(api_client, record):
    assert api_client.get(f"/api/v1/events/{record['meeting'].pk}/").json()["summary"] == "France and Belgium meet in Calais"
    assert api_client.get(f"/api/v1/events/{record['pending'].pk}/").status_code == 404  # not public
    missing = api_client.get("/api/v1/events/999999999/")
    assert missing.status_code == 404 and missing.json()["error"] == "No confirmed event with this id."


@override_settings(PUBLIC_RECORD=False)
def test_a_private_record_needs_a_login_or_a_token(api_client, record, reader_token):
    assert api_client.get("/api/v1/events/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {reader_token}")
    assert len(ids(api_client.get("/api/v1/events/"))) == 4


@pytest.mark.parametrize("header, message", [
    ("Bearer nonsense", "Malformed token header"),
    ("Bearer abcd1234.wrongsecret", "Invalid token."),
])
def test_a_bad_token_is_a_401_with_a_reason(api_client, record, header, message):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.get("/api/v1/events/")
    assert response.status_code == 401 and message in response.json()["error"]


def test_a_revoked_or_expired_token_is_refused(api_client, record, reader_token):
    token = ApiToken.objects.get(prefix=reader_token.split(".")[0])
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {reader_token}")
    assert api_client.get("/api/v1/events/").status_code == 200
    assert token_revoke(token_id=token.pk) and not token_revoke(token_id=token.pk)
    assert "revoked" in api_client.get("/api/v1/events/").json()["error"]
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert "expired" in api_client.get("/api/v1/events/").json()["error"]


def test_a_read_only_token_of_an_editor_cannot_act(api_client, record, editor):
    from events.services.tokens import token_create

    _, key = token_create(user=editor, name="readonly", scope="read")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api_client.post(f"/api/v1/suggestions/{record['pending'].pk}/reject/", {"reason": "duplicate"}, format="json")
    assert response.status_code == 403
    assert Event.objects.get(pk=record["pending"].pk).status == "suggested"


def test_an_editor_token_may_see_suggestions(api_client, record, editor_token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {editor_token}")
    assert api_client.get("/api/v1/events/", {"status": "suggested"}).status_code == 200


@pytest.mark.parametrize("size", [2, 40])
def test_the_events_list_costs_the_same_queries_whatever_the_page_size(api_client, record, size, django_assert_num_queries):
    from events.models import Evidence, Participant

    for n in range(40):
        e = EventFactory(summary=f"Talks {n}", type=record["meeting"].type)
        Participant.objects.create(event=e, side="participant", country=record["meeting"].participants.first().country)
        Evidence.objects.create(event=e, article=record["meeting"].evidence.first().article, quote="x", quote_start=n, quote_end=n + 1)
    with django_assert_num_queries(4):  # record stamp, events, participants, sources
        response = api_client.get("/api/v1/events/", {"page_size": size})
    assert len(response.json()["results"]) == size
    with django_assert_num_queries(1):  # the record has not changed: the cached answer
        assert api_client.get("/api/v1/events/", {"page_size": size}).json() == response.json()


def test_a_change_to_the_record_is_seen_at_once_despite_the_cache(api_client, record):
    from django.db import transaction

    from events.services.changes import change_record

    before = ids(api_client.get("/api/v1/events/"))
    with transaction.atomic():
        Event.objects.filter(pk=record["pending"].pk).update(status="confirmed", updated_at=timezone.now())
        change_record(event_id=record["pending"].pk, kind="confirmed")
    assert ids(api_client.get("/api/v1/events/")) == before | {record["pending"].pk}


def test_pages_follow_a_stable_cursor_without_repeats(api_client, record):
    seen, url = [], "/api/v1/events/?page_size=1"
    while url:
        body = api_client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 4


def test_page_size_is_capped(api_client, record):
    assert api_client.get("/api/v1/events/", {"page_size": 100000}).status_code == 200


def test_countries_actors_and_event_types(api_client, record):
    assert api_client.get("/api/v1/countries/fr/").json()["name"] == "France"
    assert api_client.get("/api/v1/countries/QQ/").status_code == 404
    macron = api_client.get("/api/v1/actors/emmanuel-macron/").json()
    assert macron["code"] == "FR" and any(r["office"] == "head_of_state" for r in macron["roles"])
    assert len(api_client.get("/api/v1/event-types/", {"page_size": 100}).json()["results"]) == 67
    assert api_client.get("/api/v1/event-types/", {"plover": "SANCTION", "page_size": 100}).json()["results"]
    assert api_client.get("/api/v1/actors/", {"kind": "organisation"}).json()["results"][0]["kind"] == "organisation"


@pytest.mark.parametrize("path", ["/api/v1/countries/", "/api/v1/actors/", "/api/v1/event-types/"])
@pytest.mark.parametrize("size", [3, 30])
def test_reference_lists_cost_the_same_queries_whatever_the_page_size(api_client, reference, path, size,
                                                                       django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert len(api_client.get(path, {"page_size": size}).json()["results"]) == size


def test_relations_of_a_pair_by_month(api_client, record):
    series = api_client.get("/api/v1/relations/gb/fr/", {"interval": "month"}).json()
    assert series[0]["period"] == "2021-11-01" and series[0]["counts"] == {"REJECT": 1}
    assert series[0]["goldstein_mean"] == -5.0
    assert api_client.get("/api/v1/relations/GB/QQ/").status_code == 404
    assert api_client.get("/api/v1/relations/GB/FR/", {"interval": "fortnight"}).status_code == 400


def test_the_jsonl_export_of_a_filter_equals_the_apis_results(api_client, record):
    from events.models import Participant

    # a participant added last but sorting first by side: both must order it the same way
    Participant.objects.create(event=record["expelled"], side="participant", country=record["meeting"].participants.first().country)
    exported = b"".join(api_client.get("/api/v1/exports/events.jsonl", {"family": "SANCTION"}).streaming_content)
    lines = [json.loads(line) for line in exported.decode().splitlines()]
    listed = api_client.get("/api/v1/events/", {"family": "SANCTION"}).json()["results"]
    assert lines == listed and len(lines) == 2


def test_an_export_with_a_bad_filter_is_a_400(api_client, record):
    assert api_client.get("/api/v1/exports/events.jsonl", {"country": "XX"}).status_code == 400


@override_settings(API_THROTTLE_RATES={"token": "2/min", "anon": "3/min"})
def test_anonymous_clients_and_tokens_are_throttled(api_client, record, reader_token):
    from django.core.cache import cache

    cache.clear()
    codes = [api_client.get("/api/v1/countries/fr/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {reader_token}")
    codes = [api_client.get("/api/v1/countries/fr/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


def test_the_schema_and_its_docs_are_served_from_local_files(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = json.loads(schema.content)
    assert doc["openapi"].startswith("3.") and "/api/v1/changes/" in doc["paths"]
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower() and "/static/drf_spectacular_sidecar/" in page


def test_the_fast_representation_equals_the_declared_fields(record):
    from events.api.serializers import EventSerializer
    from events.services.changes import events_for_payload

    serializer = EventSerializer()
    for event in events_for_payload().filter(pk__in=[e.pk for e in record.values()]):
        assert serializer.to_representation(event) == dict(serializer.fields_representation(event))


def test_the_csv_export_of_a_filter_lists_the_apis_events(api_client, record):
    import csv
    import io

    body = b"".join(api_client.get("/api/v1/exports/events.csv", {"country": "FR"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    listed = api_client.get("/api/v1/events/", {"country": "FR"}).json()["results"]
    assert [int(r["id"]) for r in rows] == [e["id"] for e in listed]
    assert {r["type"] for r in rows} == {e["type"]["slug"] for e in listed}


def test_bench_export_streams_every_event_and_reports_memory(record, capsys):
    from django.core.management import call_command

    call_command("bench_export", "--format", "jsonl", "--every", "2")
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["rows"] == 4 and figures["rss_mb_peak"] > 0

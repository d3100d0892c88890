"""The review API: POST /api/v1/suggestions/{id}/confirm|reject|merge|reopen/ over the same services."""
import datetime as dt

import pytest

from events.models import Event, ReviewAction

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.review.urls")]
API = "/api/v1/suggestions/"


@pytest.fixture
def ed_api(api_client, editor):
    api_client.force_login(editor)
    return api_client


def post(client, path, data=None):
    return client.post(f"{API}{path}", data or {}, format="json")


# permissions

def test_anonymous_clients_are_refused(api_client, make_suggestion):
    event = make_suggestion()
    assert api_client.get(API).status_code in (401, 403)
    assert post(api_client, f"{event.pk}/confirm/").status_code in (401, 403)
    assert Event.objects.get(pk=event.pk).status == "suggested"


def test_analysts_are_refused_with_a_message(api_client, analyst, make_suggestion):
    event = make_suggestion()
    api_client.force_login(analyst)
    response = post(api_client, f"{event.pk}/confirm/")
    assert response.status_code == 403 and "Only editors" in response.json()["error"]
    assert api_client.get(API).status_code == 403
    assert Event.objects.get(pk=event.pk).status == "suggested"


def test_tokens_act_only_with_the_editor_scope(api_client, editor, make_suggestion):
    from events.services.tokens import token_create

    event = make_suggestion()
    _, read_key = token_create(user=editor, name="reader", scope="read")
    _, edit_key = token_create(user=editor, name="desk", scope="editor")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {read_key}")
    assert post(api_client, f"{event.pk}/confirm/").status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {edit_key}")
    assert post(api_client, f"{event.pk}/confirm/").status_code == 200
    assert Event.objects.get(pk=event.pk).status == "confirmed"


def test_session_posts_need_the_csrf_token(editor, make_suggestion):
    from rest_framework.test import APIClient

    event = make_suggestion()
    strict = APIClient(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert post(strict, f"{event.pk}/confirm/").status_code == 403
    assert Event.objects.get(pk=event.pk).status == "suggested"


# reading

def test_list_shows_pending_suggestions_with_participants_and_evidence(ed_api, make_suggestion, editor):
    event = make_suggestion(summary="Pending one")
    done = make_suggestion(summary="Done one", status="confirmed")
    body = ed_api.get(API).json()
    assert [row["id"] for row in body["results"]] == [event.pk]
    row = body["results"][0]
    assert row["type"] == "invitation_withdrawn" and row["family"] == "REJECT" and row["status"] == "suggested"
    assert {(p["side"], p["country"]) for p in row["participants"]} == {("source", "FR"), ("target", "GB")}
    assert row["evidence"][0]["quote"].startswith("Paris withdrew") and row["evidence"][0]["outlet"] == "Channel Times"
    assert ed_api.get(f"{API}{done.pk}/").json()["status"] == "confirmed"


@pytest.mark.parametrize("query, expected", [("country=BE", "b"), ("family=ACCUSE", "b"), ("type=invitation_withdrawn", "a"),
                                             ("date_from=2021-12-01", "b"), ("confidence_min=0.8", "b")])
def test_list_filters(ed_api, make_suggestion, make_article, query, expected):
    made = {"a": make_suggestion(confidence=0.5),
            "b": make_suggestion(type="accusation", source=("BE",), target=("FR",), date=dt.date(2021, 12, 5), confidence=0.9,
                                 article=make_article(text="Belgium accused France."), quote="Belgium accused France")}
    assert [row["id"] for row in ed_api.get(f"{API}?{query}").json()["results"]] == [made[expected].pk]


def test_list_refuses_a_filter_it_cannot_read(ed_api):
    assert ed_api.get(f"{API}?date_from=yesterday").status_code == 400


def test_list_issues_a_fixed_number_of_queries(ed_api, make_suggestion, django_assert_num_queries):
    make_suggestion()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        ed_api.get(API)
    for _ in range(20):
        make_suggestion()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ed_api.get(API).json()["results"]) == 21


def test_unknown_event_is_404(ed_api):
    response = post(ed_api, "999999/confirm/")
    assert response.status_code == 404 and response.json()["error"] == "No such event."


# actions

def test_confirm(ed_api, make_suggestion):
    event = make_suggestion()
    response = post(ed_api, f"{event.pk}/confirm/", {"revision": 0})
    body = response.json()
    assert response.status_code == 200 and body["changed"] and body["event"]["status"] == "confirmed"
    assert body["event"]["revision"] == 1 and body["event"]["reviewed_by"] == "ed" and body["changed_events"] == [event.pk]


def test_confirm_twice_is_a_noop(ed_api, make_suggestion):
    event = make_suggestion()
    post(ed_api, f"{event.pk}/confirm/")
    body = post(ed_api, f"{event.pk}/confirm/").json()
    assert body["changed"] is False and "already confirmed" in body["message"] and body["event"]["revision"] == 1


def test_confirm_with_changes_edits_then_confirms(ed_api, make_suggestion):
    event = make_suggestion()
    response = post(ed_api, f"{event.pk}/confirm/", {
        "type": "accusation", "date": "2021-11-25", "date_precision": "day", "summary": "Edited",
        "participants": [{"side": "source", "country": "FR"}, {"side": "target", "actor": "boris-johnson"}]})
    body = response.json()["event"]
    assert response.status_code == 200, response.json()
    assert (body["type"], body["date"], body["date_min"], body["date_max"], body["summary"]) == (
        "accusation", "2021-11-25", "2021-11-25", "2021-11-25", "Edited")
    assert {(p["side"], p["country"], p["actor"]) for p in body["participants"]} == {
        ("source", "FR", None), ("target", "GB", "boris-johnson")}


def test_confirm_with_bad_input_is_400(ed_api, make_suggestion):
    event = make_suggestion()
    for data in ({"type": "no-such-type"}, {"date": "soon"}, {"participants": [{"side": "source"}]},
                 {"participants": [{"side": "nowhere", "country": "FR"}]}):
        response = post(ed_api, f"{event.pk}/confirm/", data)
        assert response.status_code == 400, data
    response = post(ed_api, f"{event.pk}/confirm/", {"date": "2022-01-01", "date_min": "2021-11-01", "date_max": "2021-11-30",
                                                     "date_precision": "week"})
    assert response.status_code == 400 and "must lie between" in response.json()["error"]
    assert Event.objects.get(pk=event.pk).status == "suggested"


def test_confirm_can_link_a_new_actor(ed_api, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    response = post(ed_api, f"{event.pk}/confirm/", {"new_actors": [{"actor": new_actor.slug, "link_to": "gerald-darmanin"}]})
    assert response.status_code == 200
    assert "gerald-darmanin" in {p["actor"] for p in response.json()["event"]["participants"]}


def test_confirm_repeated_with_the_same_edits_is_a_noop(ed_api, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    body = {"date": "2021-11-25", "date_precision": "day", "new_actors": [{"actor": new_actor.slug, "name": "G. Darmanyn"}]}
    assert post(ed_api, f"{event.pk}/confirm/", body).json()["changed"] is True
    again = post(ed_api, f"{event.pk}/confirm/", body)
    assert again.status_code == 200 and again.json()["changed"] is False and again.json()["event"]["revision"] == 1


def test_reject_then_confirm_is_a_409_with_the_current_state(ed_api, make_suggestion):
    event = make_suggestion()
    assert post(ed_api, f"{event.pk}/reject/", {"reason": "not_an_event", "note": "sports"}).json()["event"]["status"] == "rejected"
    assert ReviewAction.objects.get(event=event, action="reject").reason == "Not a diplomatic event: sports"
    response = post(ed_api, f"{event.pk}/confirm/")
    body = response.json()
    assert response.status_code == 409 and body["status"] == 409 and "Reopen it first" in body["error"]
    assert body["current"]["status"] == "rejected" and body["current"]["reviewed_by"] == "ed"


def test_reject_needs_a_listed_reason(ed_api, make_suggestion):
    event = make_suggestion()
    assert post(ed_api, f"{event.pk}/reject/", {"reason": "bored"}).status_code == 400
    assert post(ed_api, f"{event.pk}/reject/", {"reason": "other"}).status_code == 400
    assert post(ed_api, f"{event.pk}/reject/", {"reason": "other", "note": "A rumour"}).status_code == 200


def test_merge(ed_api, make_suggestion, make_article):
    survivor = make_suggestion(status="confirmed")
    event = make_suggestion(article=make_article(outlet="Other Paper"))
    body = post(ed_api, f"{event.pk}/merge/", {"into": survivor.pk}).json()
    assert body["event"]["status"] == "merged" and body["event"]["merged_into"] == survivor.pk
    assert body["changed_events"] == [event.pk, survivor.pk] and len(body["evidence_moved"]) == 1
    assert len(ed_api.get(f"{API}{survivor.pk}/").json()["evidence"]) == 2


def test_merge_refusals(ed_api, make_suggestion):
    event = make_suggestion()
    response = post(ed_api, f"{event.pk}/merge/", {"into": event.pk})
    assert response.status_code == 409 and "into itself" in response.json()["error"]
    assert post(ed_api, f"{event.pk}/merge/", {"into": 999999}).status_code == 400
    assert post(ed_api, f"{event.pk}/merge/", {}).status_code == 400


def test_reopen(ed_api, make_suggestion):
    event = make_suggestion()
    post(ed_api, f"{event.pk}/confirm/")
    assert post(ed_api, f"{event.pk}/reopen/", {}).status_code == 400
    body = post(ed_api, f"{event.pk}/reopen/", {"reason": "wrong date"}).json()
    assert body["event"]["status"] == "suggested" and body["changed"]


def test_stale_revision_is_a_409(ed_api, make_suggestion):
    event = make_suggestion()
    response = post(ed_api, f"{event.pk}/reject/", {"reason": "misread", "revision": 5})
    assert response.status_code == 409 and response.json()["current"]["revision"] == 0


def test_reject_bulk(ed_api, make_suggestion):
    events = [make_suggestion() for _ in range(2)]
    confirmed = make_suggestion(status="confirmed")
    response = post(ed_api, "reject-bulk/", {"ids": [e.pk for e in events] + [confirmed.pk], "reason": "out_of_scope"})
    assert response.status_code == 200
    assert response.json() == {"rejected": [e.pk for e in events], "unchanged": [], "conflicts": {str(confirmed.pk): "confirmed"},
                               "missing": []}
    assert post(ed_api, "reject-bulk/", {"ids": [], "reason": "out_of_scope"}).status_code == 400

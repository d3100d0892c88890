"""The review queue through Django's test client: permissions, cards, each action
in place (htmx) and as a plain form, conflicts, filters, and a fixed number of queries."""
import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Actor, Country, Event, Participant, ReviewAction
from events.services.review import suggestion_confirm, suggestion_reject

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
QUEUE = "/review/"


@pytest.fixture
def ed_client(client, editor):
    client.force_login(editor)
    return client


def status_of(event):
    return Event.objects.get(pk=event.pk).status


# permissions

@pytest.mark.parametrize("url", [QUEUE, "/review/1/edit/", "/review/events/1/"])
def test_anonymous_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_htmx_requests_are_told_to_go_to_log_in(client, make_suggestion):
    event = make_suggestion()
    response = client.post(f"/review/{event.pk}/confirm/", **HX)
    assert response.status_code == 401 and response["HX-Redirect"].startswith("/accounts/login/")
    assert status_of(event) == "suggested"


def test_analysts_are_refused_the_queue(client, analyst):
    client.force_login(analyst)
    response = client.get(QUEUE)
    assert response.status_code == 403 and "Editors only" in response.content.decode()


def test_analysts_cannot_act(client, analyst, make_suggestion):
    event = make_suggestion()
    client.force_login(analyst)
    for action, data in (("confirm", {}), ("reject", {"reason": "misread"}), ("merge", {"into": event.pk})):
        assert client.post(f"/review/{event.pk}/{action}/", data, **HX).status_code == 403
    assert client.post(f"/review/events/{event.pk}/reopen/", {"reason": "x"}).status_code == 403
    assert status_of(event) == "suggested" and not ReviewAction.objects.exclude(action="create").exists()


def test_superusers_may_review(client, groups):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(QUEUE).status_code == 200


def test_forms_are_refused_without_a_csrf_token(editor, make_suggestion):
    event = make_suggestion()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(f"/review/{event.pk}/confirm/", **HX).status_code == 403
    assert status_of(event) == "suggested"


def test_every_form_of_the_queue_carries_a_csrf_token(ed_client, make_suggestion):
    make_suggestion()
    body = ed_client.get(QUEUE).content.decode()
    assert body.count('method="post"') == body.count('name="csrfmiddlewaretoken"') > 0


# the queue

def test_queue_card_shows_the_suggestion_and_its_evidence_in_its_paragraph(ed_client, make_suggestion):
    event = make_suggestion(summary="France withdraws the UK's invitation")
    body = ed_client.get(QUEUE).content.decode()
    assert "France withdraws the UK&#x27;s invitation" in body
    assert "Invitation withdrawn" in body or "invitation" in body.lower()
    assert "<dt>Source</dt><dd><span class=\"who\">France" in body and "United Kingdom" in body
    assert "confidence 70%" in body and "week precision" in body
    assert "<mark>Paris withdrew the invitation for the UK to join weekend talks on migration</mark>, officials said on Friday." in body
    assert "Channel Times" in body and 'href="https://channeltimes.example/' in body
    assert f'id="card-{event.pk}"' in body


def test_queue_shows_article_markup_as_text(ed_client, make_suggestion, make_article):
    article = make_article(text="Intro.\n\n<script>alert(1)</script> <b>Paris withdrew the invitation</b> today.",
                           title="<i>Bold</i> claims")
    make_suggestion(article=article, quote="Paris withdrew the invitation", summary="<img src=x onerror=alert(1)>")
    body = ed_client.get(QUEUE).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>Paris" not in body and "&lt;b&gt;<mark>Paris" in body and "&lt;i&gt;Bold&lt;/i&gt;" in body
    assert "<img src=x" not in body


def test_queue_lists_newest_articles_first_then_the_most_confident(ed_client, make_suggestion, make_article):
    old = make_article(published=dt.datetime(2021, 11, 1, tzinfo=dt.timezone.utc))
    new = make_article(published=dt.datetime(2021, 11, 29, tzinfo=dt.timezone.utc))
    low, high, older = (make_suggestion(article=new, confidence=0.4, summary="Low"),
                        make_suggestion(article=new, confidence=0.9, summary="High"),
                        make_suggestion(article=old, confidence=0.99, summary="Older"))
    body = ed_client.get(QUEUE).content.decode()
    assert body.index(f'id="card-{high.pk}"') < body.index(f'id="card-{low.pk}"') < body.index(f'id="card-{older.pk}"')


def test_queue_hides_reviewed_events(ed_client, make_suggestion, editor):
    done = make_suggestion(summary="Done already")
    suggestion_confirm(event_id=done.pk, user=editor)
    assert "Done already" not in ed_client.get(QUEUE).content.decode()


@pytest.mark.parametrize("query, shown", [
    ("country=BE", "b"), ("type=accusation", "b"), ("family=ACCUSE", "b"),
    ("date_from=2021-12-01", "b"), ("date_to=2021-11-20", "a"), ("confidence_min=0.8", "b"), ("outlet={outlet}", "b"),
    ("article={article}", "b"),
])
def test_queue_filters(ed_client, make_suggestion, make_article, query, shown):
    other = make_article(outlet="Other Paper", text="Belgium accused France of delays.")
    made = {
        "a": make_suggestion(summary="Alpha", date=dt.date(2021, 11, 15), confidence=0.5),
        "b": make_suggestion(summary="Bravo", type="accusation", source=("BE",), target=("FR",), date=dt.date(2021, 12, 5),
                             confidence=0.9, article=other, quote="Belgium accused France"),
    }
    query = query.format(outlet=other.outlet_id, article=other.pk)
    body = ed_client.get(f"{QUEUE}?{query}").content.decode()
    hidden = "a" if shown == "b" else "b"
    assert made[shown].summary in body and made[hidden].summary not in body


def test_queue_ignores_a_filter_it_cannot_read_and_says_so(ed_client, make_suggestion):
    make_suggestion(summary="Still listed")
    response = ed_client.get(f"{QUEUE}?date_from=yesterday")
    assert response.status_code == 200 and "Still listed" in response.content.decode()
    assert "not understood" in response.content.decode()


def test_queue_offers_a_one_click_merge_into_a_likely_duplicate(ed_client, make_suggestion):
    existing = make_suggestion(status="confirmed", summary="France excludes the UK from Calais talks", date=dt.date(2021, 11, 27))
    event = make_suggestion()
    body = ed_client.get(QUEUE).content.decode()
    assert "May duplicate" in body and f"Merge into #{existing.pk}" in body
    response = ed_client.post(f"/review/{event.pk}/merge/", {"into": existing.pk, "revision": 0}, **HX)
    assert response.status_code == 200 and f"merged into #{existing.pk}" in response.content.decode()
    assert status_of(event) == "merged"


def test_queue_does_not_offer_unrelated_events_as_duplicates(ed_client, make_suggestion):
    make_suggestion(status="confirmed", summary="Far away", date=dt.date(2021, 6, 1))
    make_suggestion(status="confirmed", summary="Other countries", source=("DE",), target=("IT",))
    make_suggestion(status="confirmed", summary="Other family", type="accusation")
    make_suggestion()
    assert "May duplicate" not in ed_client.get(QUEUE).content.decode()


def pending_in_bulk(count: int, article) -> None:
    """`count` suggestions (FR -> GB, with a quote each) and as many confirmed events around them, in six queries."""
    from events.models import EventType, Evidence

    kind, fr, gb = EventType.objects.get(slug="accusation"), Country.objects.get(code="FR"), Country.objects.get(code="GB")
    events = Event.objects.bulk_create([
        Event(type=kind, summary=f"Bulk {n}", date=dt.date(2021, 11, 1 + n % 28), date_min=dt.date(2021, 11, 1 + n % 28),
              date_max=dt.date(2021, 11, 1 + n % 28), status="suggested" if n < count else "confirmed")
        for n in range(2 * count)])
    Participant.objects.bulk_create([Participant(event=e, side=side, country=c) for e in events for side, c in
                                     (("source", fr), ("target", gb))])
    Evidence.objects.bulk_create([Evidence(event=e, article=article, quote="Paris withdrew", quote_start=n, quote_end=n + 14)
                                  for n, e in enumerate(events)])


def test_queue_renders_500_pending_in_a_fixed_number_of_queries(ed_client, make_suggestion, make_article,
                                                                django_assert_num_queries):
    make_suggestion(status="confirmed", date=dt.date(2021, 11, 27))
    make_suggestion()
    with CaptureQueriesContext(connection) as few:
        assert ed_client.get(QUEUE).content.decode().count('class="card ') == 1
    pending_in_bulk(500, make_article())
    with django_assert_num_queries(len(few.captured_queries)):
        response = ed_client.get(QUEUE)
    body = response.content.decode()
    assert body.count('class="card ') == 25 and "501 suggestions awaiting review" in body and "May duplicate" in body


# actions in place

def test_confirm_answers_the_card_in_its_new_state(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/confirm/", {"revision": 0}, **HX)
    body = response.content.decode()
    assert response.status_code == 200 and "resolved status-confirmed" in body and f"Event #{event.pk} confirmed." in body
    assert status_of(event) == "confirmed"


def test_confirm_twice_says_no_change(ed_client, make_suggestion):
    event = make_suggestion()
    ed_client.post(f"/review/{event.pk}/confirm/", **HX)
    response = ed_client.post(f"/review/{event.pk}/confirm/", **HX)
    assert response.status_code == 200 and "No change" in response.content.decode()


def test_confirm_of_a_suggestion_another_editor_rejected_shows_the_conflict(ed_client, make_suggestion, other_editor):
    event = make_suggestion()
    suggestion_reject(event_id=event.pk, user=other_editor, reason="misread")
    response = ed_client.post(f"/review/{event.pk}/confirm/", {"revision": 0}, **HX)
    body = response.content.decode()
    assert response.status_code == 409 and 'role="alert"' in body
    assert f"Cannot confirm event #{event.pk}: it is rejected by eve" in body and "Reopen it first" in body
    assert status_of(event) == "rejected"


def test_plain_form_posts_redirect_back_with_a_message(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/confirm/", {"next": "/review/?country=FR"}, follow=True)
    assert response.redirect_chain[-1][0] == "/review/?country=FR"
    assert f"Event #{event.pk} confirmed." in response.content.decode()


def test_queue_forms_bring_a_plain_browser_back_to_the_same_filters(ed_client, make_suggestion):
    make_suggestion()
    body = ed_client.get(f"{QUEUE}?country=FR").content.decode()
    assert '<input type="hidden" name="next" value="/review/?country=FR">' in body


def test_plain_form_posts_refuse_to_redirect_elsewhere(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/confirm/", {"next": "https://evil.example/"})
    assert response["Location"] == "/review/"


def test_reject_with_a_listed_reason_and_details(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/reject/", {"reason": "opinion", "note": "a columnist's guess"}, **HX)
    assert response.status_code == 200 and "rejected" in response.content.decode()
    assert ReviewAction.objects.get(event=event, action="reject").reason == "Opinion or speculation, not a reported fact: a columnist's guess"


def test_reject_with_other_needs_details(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/reject/", {"reason": "other", "note": ""}, **HX)
    assert response.status_code == 422 and "Say why" in response.content.decode()
    assert status_of(event) == "suggested"


def test_merge_into_a_missing_event_is_refused(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/merge/", {"into": 999999}, **HX)
    assert response.status_code == 422 and "There is no event #999999" in response.content.decode()


def test_merge_into_itself_is_refused_with_a_message(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/merge/", {"into": event.pk}, **HX)
    assert response.status_code == 409 and "into itself" in response.content.decode()


def test_actions_on_a_missing_event_are_404(ed_client):
    assert ed_client.post("/review/999999/confirm/", **HX).status_code == 404
    assert ed_client.get("/review/999999/card/").status_code == 404


def test_actions_need_post(ed_client, make_suggestion):
    event = make_suggestion()
    assert ed_client.get(f"/review/{event.pk}/confirm/").status_code == 405


# edit then confirm

def edit_data(client, event, **changes):
    """The edit form as the browser would send it, with `changes` applied to its fields."""
    form = client.get(f"/review/{event.pk}/edit/", **HX).context["edit"]
    data = {}
    for part in [form.form, form.participants.management_form, *form.participants.forms, *form.new_actors]:
        for name, field in part.fields.items():
            value = part[name].value()
            if value is not None and value is not False:
                data[part.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else value
    data.update({f"e{event.pk}-{key}" if not key.startswith("e") else key: value for key, value in changes.items()})
    return data


def test_edit_form_shows_the_fields_and_participants(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.get(f"/review/{event.pk}/edit/", **HX)
    body = response.content.decode()
    assert response.status_code == 200 and 'class="card editing"' in body
    for label in ("Summary", "Type", "Best day", "Precision", "Earliest", "Latest", "Participants and sides"):
        assert label in body
    assert '<option value="emmanuel-macron">' in body


def test_edit_page_works_without_htmx(ed_client, make_suggestion):
    event = make_suggestion()
    body = ed_client.get(f"/review/{event.pk}/edit/").content.decode()
    assert "<html" in body and "Save and confirm" in body


def test_edit_then_confirm_with_a_corrected_date(ed_client, make_suggestion):
    event = make_suggestion()
    data = edit_data(ed_client, event, date="2021-11-25", date_precision="day")
    response = ed_client.post(f"/review/{event.pk}/edit/", data, **HX)
    assert response.status_code == 200 and "edited and confirmed" in response.content.decode()
    event.refresh_from_db()
    assert event.status == "confirmed" and (event.date, event.date_min, event.date_max) == (dt.date(2021, 11, 25),) * 3


def test_edit_can_change_sides_and_add_a_participant(ed_client, make_suggestion):
    event = make_suggestion()
    be = Country.objects.get(code="BE")
    data = edit_data(ed_client, event, **{"p-0-side": "target", "p-1-side": "source", "p-2-country": be.pk,
                                          "p-2-side": "participant", "p-2-actor": "emmanuel-macron"})
    assert ed_client.post(f"/review/{event.pk}/edit/", data, **HX).status_code == 200
    people = sorted(Event.objects.get(pk=event.pk).participants.values_list("side", "country__code", "actor__slug"))
    assert people == [("participant", "BE", "emmanuel-macron"), ("source", "GB", None), ("target", "FR", None)]


def test_edit_with_a_date_outside_its_range_shows_the_form_again(ed_client, make_suggestion):
    event = make_suggestion()
    data = edit_data(ed_client, event, date="2022-01-01", date_precision="week", date_min="2021-11-01", date_max="2021-11-30")
    response = ed_client.post(f"/review/{event.pk}/edit/", data, **HX)
    assert response.status_code == 422 and "must lie between" in response.content.decode()
    assert 'class="card editing"' in response.content.decode() and status_of(event) == "suggested"


def test_edit_with_an_unknown_actor_shows_the_form_again(ed_client, make_suggestion):
    event = make_suggestion()
    response = ed_client.post(f"/review/{event.pk}/edit/", edit_data(ed_client, event, **{"p-0-actor": "nobody-at-all"}), **HX)
    assert response.status_code == 422 and "No known actor" in response.content.decode()


def test_edit_links_a_new_actor_to_a_known_one(ed_client, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    assert "new actor" in ed_client.get(QUEUE).content.decode()
    data = edit_data(ed_client, event, **{f"a{new_actor.pk}-decision": "link", f"a{new_actor.pk}-link_to": "gerald-darmanin"})
    assert ed_client.post(f"/review/{event.pk}/edit/", data, **HX).status_code == 200
    assert Participant.objects.filter(event=event, actor__slug="gerald-darmanin").exists()
    assert not Actor.objects.get(pk=new_actor.pk).verified


def test_edit_confirms_a_new_actor_with_a_corrected_name(ed_client, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    data = edit_data(ed_client, event, **{f"a{new_actor.pk}-name": "Gérald Darmanyn"})
    assert ed_client.post(f"/review/{event.pk}/edit/", data, **HX).status_code == 200
    new_actor.refresh_from_db()
    assert new_actor.verified and new_actor.name == "Gérald Darmanyn"


def test_edit_of_a_confirmed_event_is_refused(ed_client, make_suggestion, editor):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    response = ed_client.get(f"/review/{event.pk}/edit/", **HX)
    assert response.status_code == 409 and "reopen it to edit it" in response.content.decode()


# bulk

def test_bulk_reject_rejects_the_selected_and_swaps_their_cards(ed_client, make_suggestion, editor):
    chosen = [make_suggestion() for _ in range(3)]
    suggestion_confirm(event_id=chosen[2].pk, user=editor)
    left = make_suggestion()
    response = ed_client.post("/review/bulk-reject/", {"ids": [e.pk for e in chosen], "reason": "out_of_scope"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200 and "2 rejected; 1 left alone (already confirmed)." in body
    assert body.count('hx-swap-oob="true"') == 3 and body.count("2 rejected") == 1  # the message once, not on every card
    assert [status_of(e) for e in chosen] == ["rejected", "rejected", "confirmed"] and status_of(left) == "suggested"


def test_bulk_reject_without_a_selection_says_so(ed_client):
    response = ed_client.post("/review/bulk-reject/", {"reason": "out_of_scope"}, **HX)
    assert response.status_code == 422 and "Select suggestions" in response.content.decode()


# event page, history, reopen

def test_event_page_shows_the_history_with_who_and_what(ed_client, make_suggestion, editor):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor, changes={"summary": "Corrected summary"})
    body = ed_client.get(f"/review/events/{event.pk}/").content.decode()
    assert "History" in body and "Created" in body and "Confirmed</strong> by ed" in body
    assert "Corrected summary" in body and "suggested" in body


def test_reopen_a_confirmed_event_from_its_page(ed_client, make_suggestion, editor):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    response = ed_client.post(f"/review/events/{event.pk}/reopen/", {"reason": "wrong day"}, **HX)
    assert response.status_code == 200 and "back in the queue" in response.content.decode()
    assert status_of(event) == "suggested"
    assert "Reopened</strong> by ed" in response.content.decode()


def test_reopen_needs_a_reason(ed_client, make_suggestion, editor):
    event = make_suggestion()
    suggestion_reject(event_id=event.pk, user=editor, reason="misread")
    response = ed_client.post(f"/review/events/{event.pk}/reopen/", {"reason": ""}, follow=True)
    assert "Say why" in response.content.decode() and status_of(event) == "rejected"


def test_reopen_of_a_merged_event_is_refused(ed_client, make_suggestion, editor):
    from events.services.review import event_merge

    event, survivor = make_suggestion(), make_suggestion(status="confirmed")
    event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    response = ed_client.post(f"/review/events/{event.pk}/reopen/", {"reason": "undo"}, **HX)
    assert response.status_code == 409 and "Cannot reopen" in response.content.decode()

"""The review services: each action, its repeat, the impossible ones, and the audit trail."""
import datetime as dt

import pytest

from events.models import Actor, Alias, Country, Event, EventChange, EventType, Evidence, Participant, ReviewAction
from events.services.review import (
    ReviewConflict, ReviewInvalid, actor_confirm, actor_link, event_merge, event_reopen, suggestion_confirm,
    suggestion_reject, suggestions_reject_bulk,
)

pytestmark = pytest.mark.django_db
Status = Event.Status


def actions(event, kind):
    return ReviewAction.objects.filter(event=event, action=kind)


def feed(event):
    return list(EventChange.objects.filter(event=event).order_by("id").values_list("kind", flat=True))


# confirm

def test_suggestion_confirm_confirms_audits_and_feeds_the_change(editor, make_suggestion):
    event = make_suggestion()
    result = suggestion_confirm(event_id=event.pk, user=editor)
    event.refresh_from_db()
    assert result.changed and result.status == Status.CONFIRMED and result.changed_event_ids == (event.pk,)
    assert event.status == Status.CONFIRMED and event.revision == 1
    assert event.reviewed_by == editor and event.reviewed_at is not None
    action = actions(event, "confirm").get()
    assert action.user == editor and action.before["status"] == "suggested" and action.after["status"] == "confirmed"
    assert feed(event) == ["confirmed"]


def test_suggestion_confirm_is_noop_when_already_confirmed(editor, other_editor, make_suggestion):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    result = suggestion_confirm(event_id=event.pk, user=other_editor)
    event.refresh_from_db()
    assert not result.changed and "already confirmed by ed" in result.message
    assert event.revision == 1 and event.reviewed_by == editor
    assert actions(event, "confirm").count() == 1 and feed(event) == ["confirmed"]


def test_suggestion_confirm_with_a_corrected_date_sets_a_day_range(editor, make_suggestion):
    event = make_suggestion(precision="week")
    suggestion_confirm(event_id=event.pk, user=editor, changes={"date": dt.date(2021, 11, 25), "date_precision": "day"})
    event.refresh_from_db()
    assert (event.date, event.date_min, event.date_max, event.date_precision) == (dt.date(2021, 11, 25),) * 3 + ("day",)
    action = actions(event, "confirm").get()
    assert action.before["date_precision"] == "week" and action.after["date"] == "2021-11-25"


def test_suggestion_confirm_applies_type_summary_and_participants(editor, make_suggestion):
    event = make_suggestion(source=("FR",), target=("GB",))
    fr, gb, be = (Country.objects.get(code=code).pk for code in ("FR", "GB", "BE"))
    kind = EventType.objects.get(slug="accusation")
    suggestion_confirm(event_id=event.pk, user=editor, changes={
        "type_id": kind.pk, "summary": "France accuses Britain",
        "participants": [{"side": "source", "country_id": fr, "text": "Paris"},
                         {"side": "target", "country_id": gb, "text": "UK"},
                         {"side": "target", "country_id": be, "text": "Belgium"}]})
    event.refresh_from_db()
    assert event.type == kind and event.summary == "France accuses Britain"
    assert sorted(event.participants.values_list("side", "country__code", "text")) == [
        ("source", "FR", "Paris"), ("target", "BE", "Belgium"), ("target", "GB", "UK")]
    assert len(actions(event, "confirm").get().before["participants"]) == 2


def test_suggestion_confirm_refuses_a_date_outside_its_range_and_changes_nothing(editor, make_suggestion):
    event = make_suggestion()
    with pytest.raises(ReviewInvalid) as error:
        suggestion_confirm(event_id=event.pk, user=editor, changes={
            "date": dt.date(2021, 12, 25), "date_min": dt.date(2021, 11, 1), "date_max": dt.date(2021, 11, 30)})
    assert "date" in error.value.errors
    event.refresh_from_db()
    assert event.status == Status.SUGGESTED and event.revision == 0


def test_suggestion_confirm_refuses_a_range_wider_than_a_year_and_changes_nothing(editor, make_suggestion):
    event = make_suggestion()
    with pytest.raises(ReviewInvalid) as error:
        suggestion_confirm(event_id=event.pk, user=editor, changes={
            "date_precision": "year", "date": dt.date(2021, 1, 1), "date_min": dt.date(2020, 1, 1),
            "date_max": dt.date(2021, 12, 31)})
    assert "date_min" in error.value.errors
    event.refresh_from_db()
    assert event.status == Status.SUGGESTED and event.revision == 0


def test_suggestion_confirm_refuses_to_edit_a_confirmed_event(editor, make_suggestion):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    with pytest.raises(ReviewConflict) as error:
        suggestion_confirm(event_id=event.pk, user=editor, changes={"summary": "Something else"})
    assert "Reopen" in error.value.message and error.value.state["status"] == "confirmed"


def test_suggestion_confirm_refuses_a_stale_revision(editor, make_suggestion):
    event = make_suggestion()
    suggestion_reject(event_id=event.pk, user=editor, reason="misread")
    event_reopen(event_id=event.pk, user=editor, reason="second look")
    with pytest.raises(ReviewConflict) as error:
        suggestion_confirm(event_id=event.pk, user=editor, revision=0)
    assert "changed since you opened it" in error.value.message and error.value.state["revision"] == 2


# reject and reopen

def test_suggestion_reject_keeps_the_event_and_its_reason(editor, make_suggestion):
    event = make_suggestion()
    result = suggestion_reject(event_id=event.pk, user=editor, reason="Not a diplomatic event: a sports story")
    event.refresh_from_db()
    assert result.changed and event.status == Status.REJECTED and event.revision == 1 and event.reviewed_by == editor
    assert actions(event, "reject").get().reason == "Not a diplomatic event: a sports story"
    assert Evidence.objects.filter(event=event).count() == 1 and feed(event) == []


def test_suggestion_reject_is_noop_when_already_rejected(editor, make_suggestion):
    event = make_suggestion()
    suggestion_reject(event_id=event.pk, user=editor, reason="misread")
    result = suggestion_reject(event_id=event.pk, user=editor, reason="again")
    assert not result.changed and actions(event, "reject").count() == 1
    assert Event.objects.get(pk=event.pk).revision == 1


def test_suggestion_reject_needs_a_reason(editor, make_suggestion):
    event = make_suggestion()
    with pytest.raises(ReviewInvalid):
        suggestion_reject(event_id=event.pk, user=editor, reason="  ")


def test_confirm_after_reject_needs_a_reopen(editor, make_suggestion):
    event = make_suggestion()
    suggestion_reject(event_id=event.pk, user=editor, reason="misread")
    with pytest.raises(ReviewConflict) as error:
        suggestion_confirm(event_id=event.pk, user=editor)
    assert "Reopen it first" in error.value.message and error.value.state["status"] == "rejected"
    event_reopen(event_id=event.pk, user=editor, reason="it was an event after all")
    assert suggestion_confirm(event_id=event.pk, user=editor).changed
    assert list(ReviewAction.objects.filter(event=event).order_by("id").values_list("action", flat=True)) == [
        "create", "reject", "reopen", "confirm"]


def test_reject_after_confirm_needs_a_reopen(editor, make_suggestion):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    with pytest.raises(ReviewConflict):
        suggestion_reject(event_id=event.pk, user=editor, reason="misread")


def test_event_reopen_of_a_confirmed_event_retracts_it_from_the_feed(editor, make_suggestion):
    event = make_suggestion()
    suggestion_confirm(event_id=event.pk, user=editor)
    result = event_reopen(event_id=event.pk, user=editor, reason="wrong date")
    event.refresh_from_db()
    assert result.changed and event.status == Status.SUGGESTED and event.revision == 2
    assert actions(event, "reopen").get().reason == "wrong date"
    assert feed(event) == ["confirmed", "retracted"]


def test_event_reopen_is_noop_when_already_suggested(editor, make_suggestion):
    event = make_suggestion()
    assert not event_reopen(event_id=event.pk, user=editor, reason="why not").changed
    assert not actions(event, "reopen").exists()


def test_event_reopen_refuses_a_merged_event(editor, make_suggestion):
    event, survivor = make_suggestion(), make_suggestion(status=Status.CONFIRMED)
    event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    with pytest.raises(ReviewConflict):
        event_reopen(event_id=event.pk, user=editor, reason="undo")


def test_actions_on_a_missing_event_raise_does_not_exist(editor):
    with pytest.raises(Event.DoesNotExist):
        suggestion_confirm(event_id=999999, user=editor)


# merge

def test_event_merge_moves_evidence_and_keeps_participants(editor, make_suggestion, make_article):
    survivor = make_suggestion(status=Status.CONFIRMED)
    event = make_suggestion(article=make_article(outlet="Other Paper"))
    result = event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    event.refresh_from_db()
    survivor.refresh_from_db()
    assert result.changed and result.changed_event_ids == (event.pk, survivor.pk) and len(result.evidence_moved) == 1
    assert event.status == Status.MERGED and event.merged_into == survivor and event.reviewed_by == editor
    assert survivor.evidence.count() == 2 and event.evidence.count() == 0
    assert event.participants.count() == 2
    assert survivor.revision == 1 and feed(survivor) == ["edited"]
    assert actions(event, "merge").get().after["merged_into"] == survivor.pk
    assert actions(survivor, "merge").get().after["absorbed"] == event.pk


def test_event_merge_skips_evidence_the_survivor_already_has(editor, make_suggestion, make_article):
    article = make_article()
    survivor = make_suggestion(status=Status.CONFIRMED, article=article)
    event = make_suggestion(article=article)  # the same quote of the same article
    result = event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    assert result.evidence_moved == ()
    assert Evidence.objects.filter(event=event).count() == 1 and Evidence.objects.filter(event=survivor).count() == 1


def test_event_merge_is_noop_when_already_merged_into_that_event(editor, make_suggestion):
    event, survivor = make_suggestion(), make_suggestion(status=Status.CONFIRMED)
    event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    result = event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    assert not result.changed and actions(event, "merge").count() == 1
    assert Event.objects.get(pk=survivor.pk).revision == 1


def test_event_merge_into_itself_is_refused(editor, make_suggestion):
    event = make_suggestion()
    with pytest.raises(ReviewConflict) as error:
        event_merge(event_id=event.pk, into_id=event.pk, user=editor)
    assert "into itself" in error.value.message
    assert Event.objects.get(pk=event.pk).status == Status.SUGGESTED


@pytest.mark.parametrize("status", [Status.REJECTED, Status.MERGED])
def test_event_merge_into_a_rejected_or_merged_event_is_refused(editor, make_suggestion, status):
    survivor = make_suggestion(status=Status.CONFIRMED)
    target = make_suggestion()
    if status == Status.REJECTED:
        suggestion_reject(event_id=target.pk, user=editor, reason="misread")
    else:
        event_merge(event_id=target.pk, into_id=survivor.pk, user=editor)
    event = make_suggestion()
    with pytest.raises(ReviewConflict) as error:
        event_merge(event_id=event.pk, into_id=target.pk, user=editor)
    assert error.value.state["status"] == status
    assert Event.objects.get(pk=event.pk).status == Status.SUGGESTED


def test_event_merge_into_another_event_after_a_merge_is_refused(editor, make_suggestion):
    event, first, second = make_suggestion(), make_suggestion(status=Status.CONFIRMED), make_suggestion(status=Status.CONFIRMED)
    event_merge(event_id=event.pk, into_id=first.pk, user=editor)
    with pytest.raises(ReviewConflict) as error:
        event_merge(event_id=event.pk, into_id=second.pk, user=editor)
    assert f"merged into event #{first.pk}" in error.value.message


def test_event_merge_of_a_confirmed_duplicate_tells_the_feed(editor, make_suggestion):
    event, survivor = make_suggestion(status=Status.CONFIRMED), make_suggestion(status=Status.CONFIRMED)
    event_merge(event_id=event.pk, into_id=survivor.pk, user=editor)
    assert feed(event) == ["merged"] and EventChange.objects.get(event=event).merged_into_id == survivor.pk


# bulk

def test_suggestions_reject_bulk_rejects_the_pending_and_reports_the_rest(editor, make_suggestion):
    pending = [make_suggestion() for _ in range(3)]
    confirmed = make_suggestion(status=Status.CONFIRMED)
    rejected = make_suggestion()
    suggestion_reject(event_id=rejected.pk, user=editor, reason="misread")
    result = suggestions_reject_bulk(event_ids=[e.pk for e in pending] + [confirmed.pk, rejected.pk, 999999],
                                     user=editor, reason="Out of scope")
    assert sorted(result.rejected) == sorted(e.pk for e in pending)
    assert result.unchanged == [rejected.pk] and result.conflicts == {confirmed.pk: "confirmed"} and result.missing == [999999]
    assert set(Event.objects.filter(pk__in=result.rejected).values_list("status", "revision")) == {("rejected", 1)}
    assert ReviewAction.objects.filter(action="reject", reason="Out of scope").count() == 3
    assert Event.objects.get(pk=confirmed.pk).status == Status.CONFIRMED


def test_suggestions_reject_bulk_twice_is_a_noop(editor, make_suggestion):
    events = [make_suggestion() for _ in range(2)]
    suggestions_reject_bulk(event_ids=[e.pk for e in events], user=editor, reason="Out of scope")
    result = suggestions_reject_bulk(event_ids=[e.pk for e in events], user=editor, reason="Out of scope")
    assert result.rejected == [] and sorted(result.unchanged) == sorted(e.pk for e in events)
    assert ReviewAction.objects.filter(action="reject").count() == 2


# new actors

def test_confirming_an_event_confirms_its_new_actor(editor, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    suggestion_confirm(event_id=event.pk, user=editor)
    new_actor.refresh_from_db()
    assert new_actor.verified


def test_confirming_an_event_can_correct_its_new_actor(editor, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    suggestion_confirm(event_id=event.pk, user=editor, changes={"new_actors": {new_actor.pk: {"name": "Gérald Darmanyn"}}})
    new_actor.refresh_from_db()
    assert new_actor.verified and new_actor.name == "Gérald Darmanyn"


def test_correcting_a_new_actor_tells_the_engine_to_recompile(editor, make_suggestion, new_actor,
                                                             django_capture_on_commit_callbacks):
    from events.engine import reference_version

    event = make_suggestion(actors=[("source", new_actor)])
    before = reference_version()
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_confirm(event_id=event.pk, user=editor, changes={"new_actors": {new_actor.pk: {"name": "Gérald Darmanyn"}}})
    assert reference_version() > before


def test_confirming_an_event_can_link_its_new_actor_to_a_known_one(editor, make_suggestion, new_actor):
    known = Actor.objects.get(slug="gerald-darmanin")
    event = make_suggestion(actors=[("source", new_actor)])
    other = make_suggestion(actors=[("target", new_actor)])
    result = suggestion_confirm(event_id=event.pk, user=editor, changes={"new_actors": {new_actor.pk: {"link_to": known.pk}}})
    assert result.changed_event_ids == (event.pk, other.pk)
    assert Participant.objects.filter(event=event, actor=known).exists()
    assert Participant.objects.filter(event=other, actor=known).exists()
    assert not Participant.objects.filter(actor=new_actor).exists()
    assert Alias.objects.filter(actor=known, text="Gerald Darmanyn").exists()
    new_actor.refresh_from_db()
    assert not new_actor.verified  # kept, unverified, for history
    assert Event.objects.get(pk=other.pk).status == Status.SUGGESTED and actions(other, "edit").count() == 1


def test_confirming_refuses_a_link_to_an_unverified_actor(editor, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    stranger = Actor.objects.create(slug="x-person", name="X Person", kind="person", verified=False)
    with pytest.raises(ReviewInvalid):
        suggestion_confirm(event_id=event.pk, user=editor, changes={"new_actors": {new_actor.pk: {"link_to": stranger.pk}}})


def test_actor_confirm_verifies_the_actor_and_audits_its_suggestions(editor, make_suggestion, new_actor):
    event = make_suggestion(actors=[("source", new_actor)])
    assert actor_confirm(actor_id=new_actor.pk, user=editor, name="Gérald Darmanyn") == [event.pk]
    assert actor_confirm(actor_id=new_actor.pk, user=editor) == []
    new_actor.refresh_from_db()
    assert new_actor.verified and actions(event, "edit").count() == 1


def test_actor_link_moves_participations_and_teaches_an_alias(editor, make_suggestion, new_actor):
    known = Actor.objects.get(slug="gerald-darmanin")
    event = make_suggestion(actors=[("source", new_actor)])
    assert actor_link(actor_id=new_actor.pk, into_id=known.pk, user=editor) == [event.pk]
    assert Participant.objects.filter(event=event, actor=known).exists()
    assert Alias.objects.filter(actor=known, text=new_actor.name).exists()
    with pytest.raises(ReviewInvalid):
        actor_link(actor_id=known.pk, into_id=new_actor.pk, user=editor)


def test_no_review_action_deletes_events_or_evidence(editor, make_suggestion):
    events = [make_suggestion() for _ in range(4)]
    survivor = make_suggestion(status=Status.CONFIRMED)
    counts = (Event.objects.count(), Evidence.objects.count())
    suggestion_confirm(event_id=events[0].pk, user=editor)
    suggestion_reject(event_id=events[1].pk, user=editor, reason="misread")
    event_merge(event_id=events[2].pk, into_id=survivor.pk, user=editor)
    suggestions_reject_bulk(event_ids=[events[3].pk], user=editor, reason="misread")
    event_reopen(event_id=events[0].pk, user=editor, reason="again")
    assert (Event.objects.count(), Evidence.objects.count()) == counts

"""Two editors act on one suggestion at the same moment: exactly one action applies.

Each editor runs in its own thread with its own database connection. Both read
the suggestion, wait for each other at a barrier, then race their conditional
updates: PostgreSQL makes the second wait for the first to commit, re-checks the
row and updates nothing, and the loser re-reads what happened."""
import threading

import pytest
from django.db import connection

from events.models import Event, ReviewAction
from events.services import review
from events.services.review import ReviewConflict, suggestion_confirm, suggestion_reject

pytestmark = pytest.mark.django_db(transaction=True)


def race(monkeypatch, *moves):
    """Run each move in its own thread, all past their read before any writes; return results or errors."""
    barrier = threading.Barrier(len(moves), timeout=10)
    real = review._transition
    waited = set()

    def transition(event, **kwargs):
        if threading.get_ident() not in waited:  # only the first attempt waits; a retry goes straight on
            waited.add(threading.get_ident())
            barrier.wait()
        return real(event, **kwargs)

    monkeypatch.setattr(review.actions, "_transition", transition)  # where the actions look it up
    outcomes = [None] * len(moves)

    def run(index, move):
        try:
            outcomes[index] = move()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return outcomes


def test_confirm_and_reject_at_once_apply_exactly_one(monkeypatch, editor, other_editor, make_suggestion):
    event = make_suggestion()
    confirmed, rejected = race(
        monkeypatch,
        lambda: suggestion_confirm(event_id=event.pk, user=editor),
        lambda: suggestion_reject(event_id=event.pk, user=other_editor, reason="misread"),
    )
    outcomes = [confirmed, rejected]
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, ReviewConflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    event.refresh_from_db()
    assert event.status == winners[0].status and event.revision == 1
    assert losers[0].state["status"] == event.status and losers[0].state["reviewed_by"] in ("ed", "eve")
    assert ReviewAction.objects.filter(event=event).exclude(action="create").count() == 1


def test_two_confirms_at_once_apply_once_and_the_other_is_told(monkeypatch, editor, other_editor, make_suggestion):
    event = make_suggestion()
    outcomes = race(
        monkeypatch,
        lambda: suggestion_confirm(event_id=event.pk, user=editor),
        lambda: suggestion_confirm(event_id=event.pk, user=other_editor, changes={"summary": "Edited by eve"}),
    )
    assert not any(isinstance(o, Exception) and not isinstance(o, ReviewConflict) for o in outcomes), outcomes
    applied = [o for o in outcomes if not isinstance(o, Exception) and o.changed]
    assert len(applied) == 1
    other = outcomes[1 - outcomes.index(applied[0])]
    # the plain confirm that lost finds it confirmed (no-op); the edit that lost is refused
    assert (isinstance(other, ReviewConflict) and "Reopen" in other.message) or (not other.changed and "already confirmed" in other.message)
    event.refresh_from_db()
    assert event.status == Event.Status.CONFIRMED and event.revision == 1
    assert ReviewAction.objects.filter(event=event, action="confirm").count() == 1

"""The change feed: a consumer polling while editors commit in any order ends
with exactly the server's record, no change skipped, none applied twice."""
import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event, EventChange
from events.services.changes import change_record, event_payload, events_for_payload

from ..factories import EventFactory, EventTypeFactory


def _write(event_id: int, status: str, kind: str, *, hold: float = 0.0, started: threading.Event | None = None):
    """What a review service does: a conditional update, the feed row, then commit (after `hold` seconds)."""
    try:
        with transaction.atomic():
            Event.objects.filter(pk=event_id).update(status=status, revision=F("revision") + 1, updated_at=timezone.now())
            change_record(event_id=event_id, kind=kind)
            if started:
                started.set()
            time.sleep(hold)
    finally:
        connection.close()


def poll(client: APIClient, cursor: str | None) -> tuple[list[dict], str | None]:
    changes = []
    while True:
        response = client.get("/api/v1/changes/", {"after": cursor or "", "limit": 7})
        assert response.status_code == 200, response.content
        body = response.json()
        changes += body["results"]
        cursor = body["next"]
        if not body["has_more"]:
            return changes, cursor


def apply(copy: dict, changes: list[dict], seen: set) -> None:
    for change in changes:
        key = (change["event_id"], change["revision"], change["kind"])
        assert key not in seen, f"change applied twice: {key}"
        seen.add(key)
        if change["kind"] in ("confirmed", "edited"):
            copy[change["event_id"]] = change["event"]
        else:
            copy.pop(change["event_id"], None)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_is_not_skipped():
    kind = EventTypeFactory()
    early, late = EventFactory(type=kind, status="suggested"), EventFactory(type=kind, status="suggested")
    client = APIClient()
    started = threading.Event()
    slow = threading.Thread(target=_write, args=(early.pk, "confirmed", "confirmed"), kwargs={"hold": 1.5, "started": started})
    slow.start()
    started.wait(10)
    _write(late.pk, "confirmed", "confirmed")  # starts after, commits first
    first, cursor = poll(client, None)
    slow.join()
    second, _ = poll(client, cursor)
    seen = [c["event_id"] for c in first + second]
    assert sorted(seen) == sorted([early.pk, late.pk])
    assert len(seen) == 2


@pytest.mark.django_db(transaction=True)
def test_a_polling_consumer_ends_with_exactly_the_servers_record():
    kind = EventTypeFactory()
    events = [EventFactory(type=kind, status="suggested").pk for _ in range(12)]
    rng = random.Random(7)
    stop = threading.Event()
    client = APIClient()
    copy, seen, cursor = {}, set(), None

    def editor(mine: list[int]):
        for _ in range(10):
            event_id = rng.choice(mine)
            status = Event.objects.filter(pk=event_id).values_list("status", flat=True).get()
            if status == "confirmed":
                target, kind_ = rng.choice([("confirmed", "edited"), ("rejected", "retracted")])
            else:
                target, kind_ = "confirmed", "confirmed"
            _write(event_id, target, kind_, hold=rng.random() * 0.2)

    writers = [threading.Thread(target=editor, args=(events[i::3],)) for i in range(3)]
    for w in writers:
        w.start()
    while any(w.is_alive() for w in writers):
        changes, cursor = poll(client, cursor)
        apply(copy, changes, seen)
        time.sleep(0.05)
    changes, cursor = poll(client, cursor)
    apply(copy, changes, seen)
    stop.set()

    record = {e.pk: event_payload(e) for e in events_for_payload().filter(status="confirmed")}
    assert copy == record
    assert len(seen) == EventChange.objects.count()


@pytest.mark.django_db
def test_a_malformed_cursor_is_a_400_with_a_message():
    response = APIClient().get("/api/v1/changes/", {"after": "yesterday"})
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]["after"]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "5000", "ten"])
def test_an_out_of_range_limit_is_a_400(limit):
    response = APIClient().get("/api/v1/changes/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["fields"]

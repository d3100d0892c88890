"""seed_synthetic and bench_pages on a small record."""
import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from events.models import Article, Event, Evidence, Participant, ReviewAction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["copy", "orm"])
def test_seed_synthetic_creates_realistic_confirmed_events_in_bulk(reference, method):
    out = io.StringIO()
    call_command("seed_synthetic", events=250, batch=100, method=method, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert "100/250 events" in lines[0] and "250/250 events (100%)" in lines[2]
    assert lines[-1].startswith("seed_synthetic: 250 confirmed events, ")
    events = Event.objects.filter(fingerprint__startswith="synthetic:")
    assert events.count() == 250 and set(events.values_list("status", flat=True)) == {"confirmed"}
    span = events.aggregate(first=Min("date"), last=Max("date"))
    assert (span["last"] - span["first"]).days > 10 * 365
    assert set(events.values_list("date_precision", flat=True)) >= {"day", "week"}
    assert events.values("type").distinct().count() > 10
    per_event = events.annotate(countries=Count("participants__country", distinct=True))
    assert min(e.countries for e in per_event) >= 2
    assert Participant.objects.filter(event__in=events, actor__isnull=False).exists()
    assert Evidence.objects.filter(event__in=events).count() >= 250
    assert Article.objects.filter(evidence__event__in=events).exclude(outlet=None).count() >= 250
    assert ReviewAction.objects.filter(event__in=events, action="confirm").count() == 250


def test_seed_synthetic_clear_replaces_earlier_synthetic_rows(reference):
    call_command("seed_synthetic", events=30, stdout=io.StringIO())
    call_command("seed_synthetic", events=20, clear=True, seed=7, stdout=io.StringIO())
    assert Event.objects.filter(fingerprint__startswith="synthetic:").count() == 20


def test_bench_pages_prints_one_json_object_per_page(reference):
    call_command("seed_synthetic", events=120, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench_pages", runs=2, deep=2, stdout=out)
    rows = [json.loads(line) for line in out.getvalue().strip().splitlines()]
    pages = {row["page"] for row in rows}
    assert {"timeline_first", "timeline_filtered", "timeline_page_2", "timeline_words", "pair_chart_data",
            "pair_page", "event_page", "country_page", "actor_page"} <= pages
    for row in rows:
        assert row["status"] == 200, row
        assert row["queries"] >= 1 and row["p50_ms"] <= row["p95_ms"]


def test_bench_pages_refuses_an_empty_record(reference):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no confirmed events"):
        call_command("bench_pages", runs=1, stdout=io.StringIO())

"""Server time of the analysts' pages against whatever the database holds.

    python manage.py bench_pages [--runs 30] [--pair GB FR] [--words fishing] [--only timeline_first ...]

Each page is requested in process through Django's test client (middleware,
view, queries and template; no network, no browser), after two warm-up
requests; the command prints one JSON object per page:
{"page": ..., "url": ..., "p50_ms": ..., "p95_ms": ..., "queries": ..., "status": ..., "runs": ...}.
The record is read as public (PUBLIC_RECORD on) so no login is timed.
"""
import json
import math
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils.http import urlencode

from events.models import Actor, Country, Event, Participant
from events.selectors.events import cached_read, event_timeline
from events.selectors.timeline import cursor_of, dyad_relations


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


class _Call:
    """A selector timed directly, without a request."""

    def __init__(self, label: str, function):
        self.label, self.function = label, function

    def __call__(self):
        return self.function()


def _counting(queries: list):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)
    return wrapper


class Command(BaseCommand):
    help = "Measure the server time and query count of the timeline and the other analysts' pages."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page (after 2 warm-ups).")
        parser.add_argument("--pair", nargs=2, default=["GB", "FR"], metavar=("A", "B"), help="A busy pair of countries.")
        parser.add_argument("--words", default="fishing", help="The word search to time.")
        parser.add_argument("--deep", type=int, default=200, help="The timeline page to reach by cursor.")
        parser.add_argument("--only", nargs="*", default=None, help="Measure only these pages (by name).")

    def handle(self, *args, runs: int, pair: list[str], words: str, deep: int, only, **options):
        a, b = (code.upper() for code in pair)
        if Country.objects.filter(code__in=[a, b]).count() != 2:
            raise CommandError(f"unknown country code in {a} {b}: run load_reference first")
        if not Event.objects.filter(status=Event.Status.CONFIRMED).exists():
            raise CommandError("no confirmed events: seed some with `seed_synthetic --events N`")
        self.client = Client(SERVER_NAME="localhost")
        self.runs = runs
        with override_settings(PUBLIC_RECORD=True):
            for name, target in self._pages(a, b, words, deep):
                if only and name not in only:
                    continue
                self.stdout.write(json.dumps({"page": name, **self._measure(target)}))

    def _pages(self, a: str, b: str, words: str, deep: int):
        timeline = "/events/"
        busiest = (Participant.objects.filter(country__code=a).values_list("event_id", flat=True).first())
        event_id = busiest or event_timeline().values_list("pk", flat=True).first()
        # Reaching page `deep` by following "Older" links: its cursor is the last row of page deep-1.
        # Found once with OFFSET (untimed); the page itself is then one keyset seek.
        last = event_timeline().order_by("-date", "-id")[(deep - 1) * 50 - 1:(deep - 1) * 50].first()
        actor = Actor.objects.filter(participations__country__code=a).values_list("slug", flat=True).first() \
            or Actor.objects.values_list("slug", flat=True).first()
        yield "timeline_first", timeline
        yield "timeline_filtered", f"{timeline}?{urlencode({'country': a, 'family': 'ACCUSE'})}"
        yield "timeline_pair_filtered", f"{timeline}?{urlencode({'country': a, 'counterpart': b, 'type': 'meeting', 'date_from': '2010-01-01'})}"
        if last:
            yield f"timeline_page_{deep}", f"{timeline}?before={cursor_of(last)}"
        yield "timeline_words", f"{timeline}?{urlencode({'q': words})}"
        yield "pair_chart_data", _Call(f"dyad_relations(a={a!r}, b={b!r}, interval='month'): 20 years, computed",
                                       lambda: dyad_relations(a=a, b=b, interval="month"))
        yield "pair_chart_data_cached", _Call("the same through cached_read(), as the pair page reads it",
                                              lambda: cached_read(dyad_relations, a=a, b=b, interval="month"))
        yield "pair_page", f"/relations/{a}/{b}/"
        yield "visual_items", f"/events/visual/items.json?{urlencode({'country': a})}"
        yield "country_page", f"/countries/{a}/"
        yield "event_page", f"/events/{event_id}/"
        if actor:
            yield "actor_page", f"/actors/{actor}/"

    def _measure(self, target) -> dict:
        def call():
            if callable(target):
                target()
                return 200
            return self.client.get(target).status_code

        for _ in range(2):
            call()
        queries = []  # counted by a wrapper: the query log depends on DEBUG and is reset by each request
        with connection.execute_wrapper(_counting(queries)):
            status = call()
        samples = []
        for _ in range(self.runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        return {
            "url": target if isinstance(target, str) else target.label,
            "p50_ms": round(statistics.median(samples), 1), "p95_ms": round(_percentile(samples, 0.95), 1),
            "queries": len(queries), "status": status, "runs": self.runs,
        }

"""Measure the review queue's server time with many pending suggestions.

    python manage.py bench_review --pending 500 --runs 30

Creates the suggestions (each with two participants and a quote from a
3,000-character article) and some confirmed events to look for duplicates
among, requests /review/ as an editor through Django's test client (the whole
middleware stack, the view and the templates; no network), prints the median
and 95th percentile time and the query count, and rolls everything back.
Needs the reference data (`manage.py load_reference`).
"""
import datetime as dt
import random
import statistics
import time

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Article, Country, Event, EventType, Evidence, Participant

CODES = ["FR", "GB", "DE", "BE", "NL", "IT", "ES", "US", "RU", "CN", "PL", "IE", "UA", "TR", "IN", "JP", "BR", "ZA", "EG", "MA"]
START = dt.date(2024, 1, 1)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the review queue page with many pending suggestions (everything created is rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--pending", type=int, default=500)
        parser.add_argument("--confirmed", type=int, default=300, help="confirmed events, candidates for duplicates")
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *, pending, confirmed, runs, **options):
        if not EventType.objects.exists() or not Country.objects.filter(code__in=CODES).exists():
            raise CommandError("no reference data: run `manage.py load_reference` first")
        try:
            with transaction.atomic():
                self.populate(pending=pending, confirmed=confirmed)
                for label, url in (("queue, page 1", "/review/"), ("queue, filtered by country", "/review/?country=FR"),
                                   ("queue, last page", f"/review/?page={max(1, -(-pending // 25))}")):
                    self.measure(label, url, runs)
                raise Rollback
        except Rollback:
            self.stdout.write("(rolled back: nothing was kept)")

    def populate(self, *, pending: int, confirmed: int) -> None:
        rng = random.Random(2021)
        types = list(EventType.objects.all())
        countries = {c.code: c for c in Country.objects.filter(code__in=CODES)}
        codes = list(countries)
        paragraph = "Officials said the talks would continue next week, while ministers traded statements. "
        articles = Article.objects.bulk_create([
            Article(url=f"https://bench.example/{n}", title=f"Bench story {n}", status=Article.Status.EXTRACTED,
                    text=f"France accused Britain of bad faith in story {n}.\n\n" + (paragraph * 34),
                    published_at=dt.datetime.combine(START + dt.timedelta(days=n % 60), dt.time(9), tzinfo=dt.timezone.utc))
            for n in range(max(1, pending // 5))])
        events = []
        for n in range(pending + confirmed):
            day = START + dt.timedelta(days=rng.randrange(60))
            events.append(Event(type=rng.choice(types), summary=f"Bench event {n}", date=day, date_min=day - dt.timedelta(days=2),
                                date_max=day, date_precision="week", confidence=round(rng.random(), 2),
                                status=Event.Status.SUGGESTED if n < pending else Event.Status.CONFIRMED))
        events = Event.objects.bulk_create(events)
        Participant.objects.bulk_create([
            Participant(event=e, side=side, country=countries[code], text=code)
            for e in events for side, code in zip(("source", "target"), rng.sample(codes, 2))])
        Evidence.objects.bulk_create([
            Evidence(event=e, article=articles[n % len(articles)], quote="France accused Britain of bad faith",
                     quote_start=0, quote_end=35) for n, e in enumerate(events)])
        self.stdout.write(f"{pending} pending suggestions, {confirmed} confirmed events, {len(articles)} articles")

    def measure(self, label: str, url: str, runs: int) -> None:
        editor = User.objects.create(username="bench-editor")
        editor.groups.add(Group.objects.get_or_create(name="editors")[0])
        client = Client(HTTP_HOST="localhost")
        client.force_login(editor)
        client.get(url)  # warm up: templates compiled, the engine's caches filled
        times, cpu, database = [], [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            database.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        # Wall time suffers when the machine is busy; the web process's CPU time and the time
        # spent waiting on PostgreSQL say where it goes.
        self.stdout.write(f"{label}: median {statistics.median(times):.0f} ms (p95 {p95:.0f} ms) over {runs} runs, "
                          f"of which web-process CPU {statistics.median(cpu):.0f} ms and database {statistics.median(database):.0f} ms; "
                          f"{len(queries.captured_queries)} queries; {len(response.content) // 1024} KiB")
        editor.delete()

"""Latency and throughput of the API, measured with wrk against gunicorn on loopback.

    python manage.py bench_api [--duration 10] [--connections 8] [--workers 4]

Starts gunicorn (DEBUG off) on a spare port against the configured database,
picks real values from it (a busy pair, a country, a word, an event), runs wrk
on each endpoint in turn and prints one JSON object per endpoint:
{"endpoint": ..., "p50_ms": ..., "p95_ms": ..., "rps": ..., "errors": ...};
the last line is a summary object.
"""
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from events.models import Event, EventChange, Participant
from events.processes import spare_port, wait_until

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"p50_us": %d, "p95_us": %d, "requests": %d, "duration_us": %d, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


class Command(BaseCommand):
    help = "Measure p50/p95 latency and requests per second of the API endpoints with wrk."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")

    def samples(self) -> dict:
        confirmed = Event.objects.filter(status=Event.Status.CONFIRMED)
        event = confirmed.order_by("-date", "-id").values_list("id", flat=True).first()
        if event is None:
            raise CommandError("no confirmed events: seed some first (manage.py seed_synthetic --events N)")
        busiest = (Participant.objects.filter(country__isnull=False, event__status="confirmed")
                   .values("country__code").annotate(n=Count("id")).order_by("-n")[:2])
        codes = [row["country__code"] for row in busiest] + ["FR", "GB"]
        word = (confirmed.order_by("-id").values_list("summary", flat=True).first() or "talks").split()[-1].strip(".,")
        first_change = EventChange.objects.order_by("id").values_list("id", flat=True).first() or 0
        return {"event": event, "a": codes[0], "b": codes[1] if codes[1] != codes[0] else codes[2], "word": word,
                "change": first_change}

    def handle(self, *args, duration, connections, workers, **options):
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk is not installed (apt-get install wrk)")
        s = self.samples()
        endpoints = [
            ("trivial (floor)", "/api/v1/ping/"),
            ("events", "/api/v1/events/"),
            ("events?country", f"/api/v1/events/?country={s['a']}"),
            ("events?dyad", f"/api/v1/events/?dyad={s['a']}-{s['b']}"),
            ("events?q", f"/api/v1/events/?q={s['word']}"),
            ("event detail", f"/api/v1/events/{s['event']}/"),
            ("relations (busy pair, by month)", f"/api/v1/relations/{s['a']}/{s['b']}/?interval=month"),
            ("changes", f"/api/v1/changes/?after={s['change']}&limit=50"),
        ]
        port = spare_port()
        env = dict(os.environ, DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
                   SECURE_SSL_REDIRECT="false", PUBLIC_RECORD="true",
                   # per second: DRF keeps every request time of the window, and a minute of load is a long list
                   API_THROTTLE_ANON="1000000/s")
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "tracker.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env, start_new_session=True)
        results = []
        try:
            self.wait_ready(port)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(WRK_REPORT)
            for number, (name, path) in enumerate(endpoints, start=1):
                self.stderr.write(f"[{number}/{len(endpoints)}] {name}: {path}")
                results.append(self.measure(wrk, script.name, port, name, path, duration, connections))
                self.stdout.write(json.dumps(results[-1]))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        floor = results[0]["rps"]
        events_rps = results[1]["rps"]
        self.stdout.write(json.dumps({"summary": True, "endpoints": len(results), "floor_rps": floor,
                                      "events_rps_vs_floor": round(events_rps / floor, 2) if floor else None,
                                      "worst_p95_ms": max(r["p95_ms"] for r in results[1:])}))

    def wait_ready(self, port: int) -> None:
        try:
            wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/ping/", timeout=2),
                       timeout=60, every=0.3, what="gunicorn")
        except TimeoutError as error:
            raise CommandError(str(error))

    def measure(self, wrk, script, port, name, path, duration, connections) -> dict:
        done = subprocess.run([wrk, "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
                               "-s", script, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith('{"p50_us"')), None)
        if line is None:
            raise CommandError(f"wrk failed on {path}: {done.stderr or done.stdout}")
        raw = json.loads(line)
        return {"endpoint": name, "path": path, "p50_ms": round(raw["p50_us"] / 1000, 1),
                "p95_ms": round(raw["p95_us"] / 1000, 1),
                "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1), "errors": raw["errors"]}

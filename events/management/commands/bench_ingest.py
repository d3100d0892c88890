"""Measure ingestion end to end: feeds → articles → fetch → extract → suggestions.

    python manage.py bench_ingest [--articles 1000] [--workers 2] [--concurrency 1]

Everything is real and local: a throwaway PostgreSQL database (created beside
the configured one, migrated, loaded with the reference data, dropped at the
end), a private redis-server as the broker, an HTTP server in this process
serving RSS feeds of 100 entries and the article pages, and W `celery worker`
processes on the fetch, extract and celery queues. The clock runs from the
`poll_due_feeds` task (what beat sends) to the last article extracted.

Then it checks that every article was processed exactly once: `lost` counts
articles not extracted, `duplicated` counts pages fetched more than once,
article rows beyond N and suggested events created twice. The last line of
output is one JSON object.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from events.ingest.samples import rss, story, story_html
from events.processes import running, spare_port, wait_until

FEED_SIZE = 100
ROOT = Path(settings.BASE_DIR)


class _Pages(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real sites
    server: "_Site"

    def do_GET(self):  # noqa: N802
        path = urlsplit(self.path).path
        body, kind = self.server.pages.get(path, (None, None))
        with self.server.lock:
            self.server.hits[path] += 1
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Site(ThreadingHTTPServer):
    daemon_threads = True


def site_start(articles: int, paragraphs: int) -> tuple[_Site, list[str], list[str]]:
    """A news site on 127.0.0.1: N article pages and their feeds. Returns the server, feed URLs and article paths."""
    site = _Site(("127.0.0.1", 0), _Pages)
    site.lock, site.hits, site.pages = threading.Lock(), Counter(), {}
    base = f"http://127.0.0.1:{site.server_address[1]}"
    stories = [story(i, paragraphs=paragraphs) for i in range(articles)]
    for item in stories:
        site.pages[item.path] = (story_html(item).encode(), "text/html; charset=utf-8")
    feeds = []
    for start in range(0, articles, FEED_SIZE):
        path = f"/feeds/world-{start // FEED_SIZE}.xml"
        site.pages[path] = (rss(stories[start:start + FEED_SIZE], base_url=base).encode(), "application/rss+xml")
        feeds.append(base + path)
    threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return site, feeds, [item.path for item in stories]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a worker and its pool), in MB."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children so far (live and reaped)."""
    total = 0.0
    for candidate in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


class Command(BaseCommand):
    help = "Benchmark ingestion end to end with real workers, PostgreSQL and Redis; the last line is JSON."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="articles to ingest (default 1000)")
        parser.add_argument("--workers", type=int, default=2, help="celery worker processes (default 2)")
        parser.add_argument("--concurrency", type=int, default=1, help="pool processes per worker (default 1)")
        parser.add_argument("--paragraphs", type=int, default=12,
                            help="context paragraphs per article after the lead (default 12, about 2,800 characters)")
        parser.add_argument("--timeout", type=float, default=0,
                            help="give up after this many seconds (default: N/4 + 120)")
        parser.add_argument("--logs", default="",
                            help="keep the workers' logs in this directory (default: thrown away)")

    def handle(self, *args, articles, workers, concurrency, paragraphs, timeout, **options):
        logs = options["logs"]
        if connection.vendor != "postgresql":
            raise CommandError("bench_ingest needs PostgreSQL: set DATABASE_URL")
        if not shutil.which("redis-server"):
            raise CommandError("bench_ingest starts a private redis-server: install Redis")
        if articles < 1 or workers < 1 or concurrency < 1:
            raise CommandError("--articles, --workers and --concurrency must be at least 1")
        with contextlib.ExitStack() as stack:
            database = stack.enter_context(self._database())
            broker = stack.enter_context(self._redis())
            site, feed_urls, paths = site_start(articles, paragraphs)
            stack.callback(site.shutdown)
            self._setup(feed_urls)
            logs = Path(logs or tempfile.mkdtemp(prefix="bench-ingest-"))
            logs.mkdir(parents=True, exist_ok=True)
            # Workers as in production (DEBUG off, which needs a secret key of their own), on the bench's
            # database and broker, with a per-process cache, allowed to fetch from the local site only.
            env = dict(os.environ, DATABASE_URL=database, CELERY_BROKER_URL=broker, REDIS_URL="", DEBUG="false",
                       SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
                       FETCH_ALLOWED_NETWORKS="127.0.0.1/32", PYTHONUNBUFFERED="1", LOG_LEVEL="WARNING")
            procs = [stack.enter_context(self._worker(env, logs / f"worker-{n}.log", n, concurrency))
                     for n in range(workers)]
            result = self._run(broker, procs, articles, timeout or articles / 4 + 120, logs)
            result.update(self._check(site, paths, articles))
        if not options["logs"]:
            shutil.rmtree(logs, ignore_errors=True)  # kept when the run failed, for its workers' logs
        summary = {"articles": articles, "articles_per_s": result["rate"], "lost": result["lost"],
                   "duplicated": result["duplicated"], "worker_rss_mb": result["rss"], "workers": workers,
                   "concurrency": concurrency, "seconds": result["seconds"], "failed": result["failed"],
                   "suggestions": result["suggestions"], "text_chars": result["chars"],
                   "worker_cpu_ms_per_article": result["cpu_ms"], "load_average": result["load"]}
        self.stdout.write(json.dumps(summary))

    # --- the pieces ------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _database(self):
        """A fresh database beside the configured one, migrated and with reference data; dropped after."""
        from django.core.management import call_command

        original = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original}_bench_{os.getpid()}"
        self.stderr.write(f"creating database {connection.settings_dict['TEST']['NAME']} …")
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)

    @contextlib.contextmanager
    def _redis(self):
        port = spare_port()
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--daemonize", "no"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            import redis

            _wait(lambda: redis.Redis(port=port, socket_timeout=1).ping(), 10, "redis-server")
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    def _setup(self, feed_urls: list[str]) -> None:
        from events.models import Feed

        Feed.objects.bulk_create(
            [Feed(url=url, title=f"Bench feed {n}", poll_minutes=60) for n, url in enumerate(feed_urls)])

    @contextlib.contextmanager
    def _worker(self, env: dict, log: Path, number: int, concurrency: int):
        celery = str(Path(sys.executable).parent / "celery")
        args = [celery, "-A", "tracker", "worker", "-Q", "fetch,extract,celery", "-P", "prefork", "--concurrency",
                str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
                "--hostname", f"bench{number}@%h"]
        with running(args, env, log, stop_timeout=20) as proc:
            _wait(lambda: " ready." in log.read_text(errors="replace") or proc.poll() is not None, 60,
                  f"worker {number}")
            if proc.poll() is not None:
                raise CommandError(f"worker {number} exited:\n{log.read_text(errors='replace')[-2000:]}")
            yield proc

    def _run(self, broker: str, procs: list, articles: int, timeout: float, logs: Path) -> dict:
        from celery import Celery
        from django.db.models import Count
        from kombu import Connection

        from events.models import Article

        client = Celery("bench-client", set_as_current=False)
        cpu_before = sum(cpu_seconds(p.pid) for p in procs)
        peak_rss, started = 0.0, time.monotonic()
        # An explicit connection: CELERY_BROKER_URL in the environment would outrank a configured broker.
        with Connection(broker) as conn:
            client.send_task("events.poll_due_feeds", queue="celery", connection=conn)
        last_report = last_sample = started
        while True:
            counts = dict(Article.objects.values_list("status").annotate(n=Count("id")).order_by())
            finished = counts.get("extracted", 0) + counts.get("failed", 0)
            now = time.monotonic()
            if now - last_sample >= 1:  # reading /proc costs CPU that the workers need
                peak_rss, last_sample = max([peak_rss, *(rss_mb(p.pid) for p in procs)]), now
            if finished >= articles:
                break
            if now - last_report >= 5:
                self.stderr.write(f"{now - started:5.0f}s  {finished}/{articles} done  {counts}")
                last_report = now
            if now - started > timeout:
                raise CommandError(f"gave up after {timeout:.0f}s with {finished}/{articles} done; logs in {logs}")
            if any(p.poll() is not None for p in procs):
                raise CommandError(f"a worker died; logs in {logs}")
            time.sleep(0.2)
        seconds = time.monotonic() - started
        peak_rss = max([peak_rss, *(rss_mb(p.pid) for p in procs)])
        cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu_before
        self.stderr.write(f"{articles} articles in {seconds:.1f}s: {articles / seconds:.1f} articles/s, "
                          f"peak worker RSS {peak_rss:.0f} MB, worker CPU {1000 * cpu / articles:.0f} ms per article, "
                          f"load average {os.getloadavg()[0]:.1f}")
        return {"seconds": round(seconds, 2), "rate": round(articles / seconds, 1), "rss": round(peak_rss, 1),
                "cpu_ms": round(1000 * cpu / articles, 1), "load": round(os.getloadavg()[0], 1)}

    def _check(self, site: _Site, paths: list[str], articles: int) -> dict:
        from django.db.models import Avg, Count
        from django.db.models.functions import Length

        from events.models import Article, Event, ReviewAction

        extracted = Article.objects.filter(status=Article.Status.EXTRACTED)
        failed = list(Article.objects.filter(status=Article.Status.FAILED).values_list("error", flat=True)[:5])
        extra_fetches = sum(max(0, site.hits[path] - 1) for path in paths)
        extra_rows = max(0, Article.objects.count() - articles)
        creations = ReviewAction.objects.filter(action="create").values("event").annotate(n=Count("id"))
        created = creations.filter(n__gt=1).count()
        if failed:
            self.stderr.write(f"failed, for example: {failed}")
        return {
            "lost": articles - extracted.count(),
            "duplicated": extra_fetches + extra_rows + created,
            "failed": Article.objects.filter(status=Article.Status.FAILED).count(),
            "suggestions": Event.objects.count(),
            "chars": round(extracted.aggregate(n=Avg(Length("text")))["n"] or 0),
        }


def _wait(check, timeout: float, what: str) -> None:
    try:
        wait_until(check, timeout=timeout, every=0.1, what=what, expected=(Exception,))  # anything: not up yet
    except TimeoutError as error:
        raise CommandError(str(error))

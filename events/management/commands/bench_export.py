"""Memory and speed of the bulk exports over everything the database holds.

    python manage.py bench_export [--format jsonl|csv] [--limit N]

Streams /api/v1/exports/events.<format> through Django's request handler in
this process, counting rows and bytes, and samples the process's resident
memory every 100,000 rows: constant memory shows as a flat line. Progress on
standard error; the last line is one JSON object:
{"format", "rows", "mb", "seconds", "rows_per_s", "rss_mb_first", "rss_mb_peak"}.
"""
import json
import resource
import time

from django.core.management.base import BaseCommand
from django.test import Client, override_settings


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


class Command(BaseCommand):
    help = "Stream a bulk export of every event and report rows per second and memory."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--every", type=int, default=100_000, help="rows between memory samples")

    def handle(self, *args, format, every, **options):
        with override_settings(ALLOWED_HOSTS=["testserver"], API_THROTTLE_RATES={"token": "1/s", "anon": "1000000/min"}):
            response = Client().get(f"/api/v1/exports/events.{format}")
            started, rows, size, samples = time.perf_counter(), 0, 0, []
            pending = b""
            for chunk in response.streaming_content:
                size += len(chunk)
                pending += chunk
                lines = pending.count(b"\n")
                pending = pending[pending.rfind(b"\n") + 1:] if lines else pending
                for _ in range(lines):
                    rows += 1
                    if rows % every == 0:
                        samples.append(round(rss_mb(), 1))
                        self.stderr.write(f"{rows:,} rows, {size / 2**20:,.0f} MB, RSS {samples[-1]} MB")
        elapsed = time.perf_counter() - started
        rows -= 1 if format == "csv" else 0  # the header
        self.stdout.write(json.dumps({
            "format": format, "rows": rows, "mb": round(size / 2**20, 1), "seconds": round(elapsed, 1),
            "rows_per_s": round(rows / elapsed) if elapsed else None,
            "rss_mb_first": samples[0] if samples else round(rss_mb(), 1),
            "rss_mb_peak": max(samples) if samples else round(rss_mb(), 1),
            "rss_samples_mb": samples,
        }))

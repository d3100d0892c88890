import time
from pathlib import Path

from django.core.management.base import BaseCommand

from events.services import REFERENCE_DIR, reference_load


class Command(BaseCommand):
    help = ("Load countries, organisations, people with their roles (the curated ones, then those of the "
            "Phoenix dictionaries) and event types. Safe to repeat: it only creates what is missing.")

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=REFERENCE_DIR, help="folder of the reference files")

    def handle(self, *args, directory, **options):
        started = time.perf_counter()
        report = reference_load(directory=directory, progress=lambda line: self.stderr.write(line))
        figures = "".join(f"; {line}" for line in report.lines)
        self.stdout.write(f"load_reference: {report.summary()}{figures} in {time.perf_counter() - started:.1f} s")

"""Run the suggestion engine over a JSON Lines file of articles, without storing anything.

Input and output follow the extractor contract of the evaluation: one article
per input line, one `{"id": ..., "events": [...]}` line per article on standard
output, and nothing else there (progress and errors go to standard error).
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from events.engine import NoReferenceData, engine_build


class Command(BaseCommand):
    help = "Suggest events for the articles of a JSON Lines file; prints JSON Lines; writes nothing to the database."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSON Lines file of articles, or - for standard input")

    def handle(self, *args, input, **options):
        from events.extraction import run_jsonl

        try:
            engine = engine_build()
        except NoReferenceData as error:
            raise CommandError(str(error))
        try:
            source = sys.stdin if input == "-" else open(input, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot read {input}: {error.strerror}")
        with source:
            run_jsonl(source, sys.stdout, engine)

"""Speed and memory of the suggestion engine, with the gazetteer of all the
reference data in the database.

    python manage.py bench_extract [--articles 500]

Compiles the engine from the database (start-up, reported apart), then runs it
in this one process over N articles of about 3,000 characters: the demo article
and synthetic reports about real countries. Progress on standard error; the
last line on standard output is one JSON object:
{"articles": N, "articles_per_s": ..., "articles_per_cpu_s": ..., "peak_rss_mb": ..., "startup_s": ...}
"""
import json
import time

from django.core.management.base import BaseCommand, CommandError

from events.engine import NoReferenceData, engine_build
from events.extraction.cli import bench, pad
from events.ingest.samples import story
from events.services.demo import DEMO_DIR

ARTICLE_CHARS = 3000


def bench_articles(count: int) -> list[dict]:
    with open(DEMO_DIR / "channel-crossings-2021.json", encoding="utf-8") as handle:
        demo = json.load(handle)["article"]
    articles = [pad({"id": "demo", **demo}, ARTICLE_CHARS)]
    for index in range(count - 1):
        item = story(index, paragraphs=14)
        articles.append({"id": str(index), "url": None, "outlet": "The Daily Courier", "title": item.title,
                         "published_at": item.published.date().isoformat(), "text": item.text[:ARTICLE_CHARS]})
    return articles


class Command(BaseCommand):
    help = "Measure the suggestion engine: articles per second on one core, peak memory, start-up time."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=500)

    def handle(self, *args, articles, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        started = time.perf_counter()
        try:
            engine = engine_build()
        except NoReferenceData as error:
            raise CommandError(str(error))
        startup = time.perf_counter() - started
        self.stderr.write(f"engine compiled from the database in {startup:.2f} s; building {articles} articles")
        batch = bench_articles(articles)
        self.stderr.write(f"running over {len(batch)} articles (mean {sum(len(a['text']) for a in batch) // len(batch)} characters)")
        figures = bench(engine, batch)
        self.stdout.write(json.dumps({
            "articles": figures["articles"], "articles_per_s": figures["articles_per_second"],
            "articles_per_cpu_s": figures["articles_per_cpu_second"], "mean_characters": figures["mean_characters"],
            "peak_rss_mb": figures["peak_rss_mb"], "startup_s": round(startup, 2),
        }))

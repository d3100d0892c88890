"""The pipeline with real processes: Celery workers (prefork, the ingestion
queues) on a private Redis, the test database, and pages served by a local
HTTP server. Rows are committed so that the workers see them."""
import os
import signal
import time

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count

from events.engine import engine_get
from events.ingest.samples import rss, story, story_html
from events.models import Article, Event, Evidence, Feed, ReviewAction
from events.services.articles import article_submit
from events.services.suggestions import article_payload
from events.tasks import fetch_article, poll_due_feeds, suggest_for_article

from ..processes import spare_port, wait_until
from .live import RedisServer, app_broker, beat, children, kill_group, worker, worker_env
from .server import Reply

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference")]


@pytest.fixture(scope="module")
def redis_broker(tmp_path_factory):
    server = RedisServer(spare_port(), tmp_path_factory.mktemp("redis") / "redis.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_broker):
    redis_broker.purge()  # the queues, not the bindings the shared worker declared
    with app_broker(redis_broker.url):
        yield redis_broker


@pytest.fixture(scope="module")
def shared_worker(redis_broker, tmp_path_factory, django_db_setup):
    """Two pool processes, so that two deliveries of one task run at the same time."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with worker(worker_env(redis_broker.url), log, name="ingest-shared", concurrency=2) as proc:
        proc.log = log
        yield proc


def expected_evidence(article: Article) -> int:
    """One piece of evidence per distinct suggestion the engine makes for the article (its fingerprint)."""
    found = engine_get().extract(article_payload(article))
    return len({(s["type"], s["quote_start"], s["date_min"]) for s in found})


def done(*article_ids) -> bool:
    return Article.objects.filter(pk__in=article_ids, status__in=["extracted", "failed"]).count() == len(article_ids)


def serve_feed(news, indexes, etag):
    base = f"http://127.0.0.1:{news.port}"
    for i in indexes:
        item = story(i)
        news.add(item.path, Reply(story_html(item)))
    return news.add("/world/rss", Reply(rss([story(i) for i in indexes], base_url=base),
                                        content_type="application/rss+xml", etag=etag))


def poll_now(feed: Feed):
    """What beat does each minute, for a feed made due now."""
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
    polled_before = feed.last_polled_at
    poll_due_feeds.delay()
    wait_until(lambda: Feed.objects.get(pk=feed.pk).last_polled_at != polled_before, timeout=30, what="the feed poll")
    feed.refresh_from_db()


def test_a_feed_of_20_entries_becomes_20_articles_with_suggestions_once(broker, shared_worker, news):
    feed = Feed.objects.create(url=serve_feed(news, range(20), etag='"v1"'), poll_minutes=15)
    poll_now(feed)
    wait_until(lambda: Article.objects.count() == 20 and done(*Article.objects.values_list("pk", flat=True)),
               timeout=90, what="20 articles extracted")
    articles = Article.objects.annotate(events=Count("evidence__event", distinct=True))
    assert {a.status for a in articles} == {"extracted"}, [a.error for a in articles]
    assert all(a.events >= 1 for a in articles)
    assert all(news.hits[story(i).path] == 1 for i in range(20))
    evidence = Evidence.objects.count()

    poll_now(feed)  # unchanged: a 304 to a conditional GET
    assert news.headers["/world/rss"]["If-None-Match"] == '"v1"' and feed.failures == 0
    assert Article.objects.count() == 20

    serve_feed(news, range(5, 25), etag='"v2"')  # five new entries, five gone
    poll_now(feed)
    wait_until(lambda: Article.objects.count() == 25 and done(*Article.objects.values_list("pk", flat=True)),
               timeout=60, what="the 5 new articles extracted")
    assert Article.objects.filter(status="extracted").count() == 25
    assert all(news.hits[story(i).path] == 1 for i in range(25))
    assert Evidence.objects.count() > evidence
    assert Evidence.objects.filter(article__in=Article.objects.filter(url__contains="story-1?")).count() == 0


def test_two_workers_racing_on_one_article_and_redelivery_leave_no_duplicate(broker, shared_worker, news):
    item = story(40)
    url = news.add(item.path, Reply(story_html(item), delay=1.0))  # slow enough for both deliveries to be fetching
    article = Article.objects.create(url=url, source_url=url)
    fetch_article.delay(article_id=article.pk)
    fetch_article.delay(article_id=article.pk)
    wait_until(lambda: news.hits[item.path] == 2, timeout=30, what="both deliveries fetching")
    wait_until(lambda: done(article.pk), timeout=60, what="the article extracted")
    article.refresh_from_db()
    assert article.status == "extracted" and article.attempts == 2  # both fetched; one stored
    assert Evidence.objects.filter(article=article).count() == expected_evidence(article) >= 1
    created = ReviewAction.objects.filter(reason=f"suggested from article {article.pk}").count()
    assert created == Event.objects.filter(evidence__article=article).distinct().count()

    # The same tasks delivered again, once everything is done: nothing moves.
    before = list(Evidence.objects.order_by("pk").values_list("pk", flat=True))
    for task in (fetch_article, suggest_for_article, fetch_article, suggest_for_article):
        task.delay(article_id=article.pk)
    wait_until(lambda: broker.client().llen("fetch") == 0 and broker.client().llen("extract") == 0
               and not broker.client().hlen("unacked"), timeout=30, what="the repeated tasks to run")
    assert list(Evidence.objects.order_by("pk").values_list("pk", flat=True)) == before
    assert news.hits[item.path] == 2 and Article.objects.count() == 1


def test_bad_input_through_the_worker_ends_with_a_recorded_reason(broker, shared_worker, news):
    # Transient faults (500 then success, timeouts) wait for a backoff of 10 s and more between
    # attempts; tests/ingest/test_articles.py runs those in process, where retries do not wait.
    cp1252 = story(70)
    pages = {
        "missing": (news.url("/gone"), "HTTP 404 Not Found from {url}"),
        "pdf": (news.add("/r.pdf", Reply(b"%PDF-1.7", content_type="application/pdf")),
                "not an HTML page: {url} is application/pdf"),
        "huge": (news.add("/huge", Reply(stream=lambda: (b"<p>" + b"x" * 65533 for _ in range(800)))),
                 "too large: stopped reading {url} at the 5.0 MB cap"),
        "loopback": (news.add("/to-loopback", Reply(status=302, headers={"Location": f"http://127.0.0.2:{news.port}/"})),
                     "refused to fetch from 127.0.0.2: 127.0.0.2 is a loopback address (http://127.0.0.2:{port}/)"),
        "metadata": (news.add("/to-metadata", Reply(status=302, headers={"Location": "http://169.254.169.254/"})),
                     "refused to fetch from 169.254.169.254: 169.254.169.254 is a link-local address "
                     "(http://169.254.169.254/)"),
        "cp1252": (news.add(cp1252.path, Reply(story_html(cp1252, charset=None).replace(
            cp1252.lead, cp1252.lead + " \u201cA sad day\u201d, said the caf\u00e9 owner.").encode("cp1252"),
            content_type="text/html")), ""),
    }
    articles = {name: Article.objects.create(url=url, source_url=url) for name, (url, _) in pages.items()}
    feeds = {
        "malformed": Feed.objects.create(url=news.add("/broken.xml", Reply(
            "<rss><channel><title>Broken</title><item><title>Unclosed", content_type="application/rss+xml"))),
        "html": Feed.objects.create(url=news.add("/home", Reply("<!doctype html><html><body>Home</body></html>"))),
    }
    for article in articles.values():
        fetch_article.delay(article_id=article.pk)
    poll_due_feeds.delay()
    wait_until(lambda: done(*[a.pk for a in articles.values()]), timeout=60, what="the articles to finish")
    wait_until(lambda: Feed.objects.filter(failures=1).count() == 2, timeout=30, what="the feeds to fail")

    for name, article in articles.items():
        article.refresh_from_db()
        url, reason = pages[name]
        if name == "cp1252":
            assert article.status == "extracted" and "\u201cA sad day\u201d, said the caf\u00e9 owner." in article.text
        else:
            assert article.status == "failed" and article.attempts == 1
            assert article.error == reason.format(url=url, port=news.port)
    assert Feed.objects.get(pk=feeds["malformed"].pk).last_error.startswith("malformed feed XML: no element found")
    assert Feed.objects.get(pk=feeds["html"].pk).last_error == "the feed URL returned an HTML page, not RSS or Atom"
    assert not Article.objects.exclude(pk__in=[a.pk for a in articles.values()]).exists()


def test_a_worker_killed_mid_fetch_loses_nothing(redis_broker, news, tmp_path):
    # Redis hands an unacknowledged task to another worker after the visibility
    # timeout; the time limits stay below it so that no live task is handed over.
    # A database of its own on the broker: the shared worker must not take these tasks.
    broker = redis_broker.db_url(1)
    redis_broker.purge(1)
    env = worker_env(broker, CELERY_VISIBILITY_TIMEOUT=6, CELERY_TASK_SOFT_TIME_LIMIT=4,
                     CELERY_TASK_TIME_LIMIT=5, FETCH_READ_TIMEOUT=3)
    first, second = story(50), story(51)
    for item in (first, second):
        news.add(item.path, Reply(story_html(item), delay=2.5), Reply(story_html(item)))  # slow the first time only
    a = Article.objects.create(url=news.url(first.path), source_url=news.url(first.path))
    b = Article.objects.create(url=news.url(second.path), source_url=news.url(second.path))

    with app_broker(broker), worker(env, tmp_path / "w1.log", name="victim") as proc:
        # 1. The pool process dies mid-fetch: the worker rejects the task back to the queue.
        fetch_article.delay(article_id=a.pk)
        wait_until(lambda: news.hits[first.path] == 1, timeout=30, what="the first fetch to start")
        pool = children(proc.pid)
        assert pool
        for child in pool:
            os.kill(child, signal.SIGKILL)
        wait_until(lambda: done(a.pk), timeout=60, what="article a after its pool process was killed")

        # 2. The whole worker dies mid-fetch: the task stays unacknowledged in Redis.
        fetch_article.delay(article_id=b.pk)
        wait_until(lambda: news.hits[second.path] == 1, timeout=30, what="the second fetch to start")
        kill_group(proc)
        killed_at = time.monotonic()
    assert Article.objects.get(pk=b.pk).status == "queued"
    # A new worker restores unacknowledged tasks older than the visibility timeout when it starts.
    wait_until(lambda: time.monotonic() > killed_at + 6.5, timeout=10, what="the visibility timeout")
    with worker(env, tmp_path / "w2.log", name="rescuer"):
        wait_until(lambda: done(b.pk), timeout=60, what="article b after its worker was killed")

    for article, item in ((a, first), (b, second)):
        article.refresh_from_db()
        assert article.status == "extracted", article.error
        assert news.hits[item.path] == 2  # the interrupted fetch and the redelivered one
        assert Evidence.objects.filter(article=article).count() == expected_evidence(article)
    assert Article.objects.count() == 2


def test_an_article_submitted_while_the_broker_is_down_completes_once_it_is_back(news, tmp_path, editor_user):
    own = RedisServer(spare_port(), tmp_path / "redis.log")
    own.start()
    own.stop()
    url = news.add(story(60).path, Reply(story_html(story(60))))
    with app_broker(own.url):
        submitted = article_submit(url=url, user=editor_user)  # commits; the send after commit fails
    article = Article.objects.get(pk=submitted.article.pk)
    assert article.status == "queued" and article.enqueued_at is None and not news.hits

    own.start()
    try:
        env = worker_env(own.url, REQUEUE_EVERY_SECONDS=1, FEED_POLL_EVERY_SECONDS=3600)
        with worker(env, tmp_path / "worker.log", name="after-outage"), \
                beat(env, tmp_path / "beat.log", tmp_path / "beat-schedule"):
            wait_until(lambda: done(article.pk), timeout=60, what="the periodic task to complete the article")
    finally:
        own.stop()
    article.refresh_from_db()
    assert article.status == "extracted" and article.enqueued_at is not None
    assert news.hits[story(60).path] == 1 and Evidence.objects.filter(article=article).exists()


@pytest.fixture
def editor_user(db):
    from ..factories import UserFactory

    Group.objects.get_or_create(name="editors")
    return UserFactory(username="outage-editor", groups=["editors"])

"""Polling feeds in this process: new entries become queued articles once,
conditional GET, failures counted with back-off, and due feeds claimed once."""
import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from events.ingest.samples import rss, story
from events.models import Article, Feed
from events.services.feeds import feed_poll, feeds_claim_due
from events.tasks import poll_feed

from .server import Reply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_local")]


def poll(feed_id: int):
    """What the poll_feed task does: load the feed as it is now, then poll it."""
    return feed_poll(feed=Feed.objects.get(pk=feed_id))


def feed_at(url: str, **fields) -> Feed:
    return Feed.objects.create(url=url, **fields)


def serve_feed(news, indexes, *, etag: str = "") -> str:
    items = [story(i) for i in indexes]
    return news.add("/rss", Reply(rss(items, base_url=f"http://127.0.0.1:{news.port}"),
                                  content_type="application/rss+xml", etag=etag))


def test_feed_poll_turns_each_entry_into_a_queued_article(news, django_capture_on_commit_callbacks):
    feed = feed_at(serve_feed(news, range(5), etag='"v1"'))
    with django_capture_on_commit_callbacks() as sent:
        result = poll(feed.pk)
    assert result.ok and len(result.new) == 5 and len(sent) == 1
    article = Article.objects.get(pk=result.new[0])
    item = story(0)
    assert article.url == f"http://127.0.0.1:{news.port}{item.path}"  # tracking parameters gone
    assert article.source_url.endswith("?utm_source=rss&utm_medium=feed")
    assert (article.title, article.published_at, article.feed, article.status) == (item.title, item.published, feed, "queued")
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.failures == 0 and feed.title == "The Daily Courier: World"
    assert feed.next_poll_at == feed.last_polled_at + dt.timedelta(minutes=feed.poll_minutes)


def test_feed_poll_again_sends_a_conditional_get_and_adds_nothing(news):
    feed = feed_at(serve_feed(news, range(5), etag='"v1"'))
    poll(feed.pk)
    result = poll(feed.pk)
    assert news.headers["/rss"]["If-None-Match"] == '"v1"'
    assert result.not_modified and result.new == []
    assert Article.objects.count() == 5


def test_feed_poll_of_a_changed_feed_adds_only_the_new_entries(news):
    feed = feed_at(serve_feed(news, range(5)))
    poll(feed.pk)
    serve_feed(news, range(3, 8))
    result = poll(feed.pk)
    assert len(result.new) == 3 and result.seen == 2
    assert Article.objects.count() == 8


def test_two_feeds_sharing_a_story_make_one_article(news):
    url = serve_feed(news, range(3))
    news.add("/rss2", Reply(rss([story(2)], base_url=f"http://127.0.0.1:{news.port}"), content_type="application/rss+xml"))
    poll(feed_at(url).pk)
    assert poll(feed_at(news.url("/rss2")).pk).new == []
    assert Article.objects.count() == 3


@pytest.mark.parametrize(("reply", "reason"), [
    (Reply("<rss><channel><title>Broken</title><item><title>Unclosed", content_type="application/rss+xml"),
     r"malformed feed XML: no element found at line \d+"),
    (Reply("<!doctype html><html><body><h1>Welcome</h1></body></html>"),
     "the feed URL returned an HTML page, not RSS or Atom"),
    (Reply("gone", status=404, content_type="text/plain"), "HTTP 404 Not Found from {url}"),
    (Reply("down", status=502, content_type="text/plain"), "HTTP 502 Bad Gateway from {url}"),
    (Reply("<html>late</html>", delay=0.5), r"timed out waiting for 127\.0\.0\.1 to answer \(after 0\.1s\)"),
])
def test_a_failing_feed_records_the_reason_and_backs_off(news, reply, reason):
    url = news.add("/rss", reply)
    feed = feed_at(url, poll_minutes=15)
    with override_settings(FETCH_READ_TIMEOUT=0.1):
        result = poll_feed.apply(kwargs={"feed_id": feed.pk})
    assert result.successful()  # a feed's failure is recorded, not raised: the schedule is its retry
    feed.refresh_from_db()
    assert feed.failures == 1 and re.fullmatch(reason.format(url=re.escape(url)), feed.last_error)
    assert feed.next_poll_at == feed.last_polled_at + dt.timedelta(minutes=30)
    assert not Article.objects.exists()


def test_a_feed_failing_repeatedly_waits_longer_up_to_the_cap_then_recovers(news):
    url = news.add("/rss", Reply("down", status=500, content_type="text/plain"))
    feed = feed_at(url, poll_minutes=15)
    waits = []
    with override_settings(FEED_MAX_BACKOFF_MINUTES=240):
        for _ in range(6):
            poll(feed.pk)
            feed.refresh_from_db()
            waits.append((feed.next_poll_at - feed.last_polled_at) / dt.timedelta(minutes=1))
    assert waits == [30, 60, 120, 240, 240, 240] and feed.failures == 6
    serve_feed(news, range(2))
    poll(feed.pk)
    feed.refresh_from_db()
    assert (feed.failures, feed.last_error) == (0, "")


def test_a_slightly_broken_feed_is_read_with_a_warning(news):
    body = (f'<rss version="2.0"><channel><title>t</title><item><title>Trade & talks</title>'
            f"<link>http://127.0.0.1:{news.port}/a</link></item></channel></rss>")
    feed = feed_at(news.add("/rss", Reply(body, content_type="application/rss+xml")))
    assert len(poll(feed.pk).new) == 1
    feed.refresh_from_db()
    assert feed.failures == 0 and "not well-formed" in feed.last_error


def test_feed_entries_with_a_non_http_or_overlong_link_are_skipped(news):
    body = ('<rss version="2.0"><channel><title>t</title><item><link>ftp://files.example.com/a</link></item>'
            f"<item><link>http://127.0.0.1:{news.port}/{'x' * 1000}</link></item>"
            f"<item><link>http://127.0.0.1:{news.port}/b</link></item></channel></rss>")
    result = poll(feed_at(news.add("/rss", Reply(body, content_type="application/rss+xml"))).pk)
    assert len(result.new) == 1 and result.skipped == 2


def test_poll_feed_of_an_inactive_or_deleted_feed_does_nothing(news):
    assert poll_feed.apply(kwargs={"feed_id": feed_at(serve_feed(news, range(2)), active=False).pk}).successful()
    assert poll_feed.apply(kwargs={"feed_id": 987654}).successful()
    assert not news.hits


def test_feeds_claim_due_claims_each_due_feed_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    never = feed_at("https://a.example/rss")
    due = feed_at("https://b.example/rss", next_poll_at=now - dt.timedelta(minutes=1))
    feed_at("https://c.example/rss", next_poll_at=now + dt.timedelta(minutes=5))
    feed_at("https://d.example/rss", active=False)
    with django_capture_on_commit_callbacks() as sent:
        assert sorted(feeds_claim_due(now=now)) == sorted([never.pk, due.pk])
    assert len(sent) == 1
    assert feeds_claim_due(now=now) == []  # a second beat finds nothing due
    due.refresh_from_db()
    assert due.next_poll_at == now + dt.timedelta(minutes=due.poll_minutes)


def test_feeds_claim_due_loses_a_feed_claimed_since_it_was_read(monkeypatch):
    """The claim is a conditional update: if another beat moved next_poll_at first, this one skips the feed."""
    feed = feed_at("https://a.example/rss")
    from django.db.models import QuerySet

    real_values_list = QuerySet.values_list

    def racing(self, *fields, **kwargs):
        rows = list(real_values_list(self, *fields, **kwargs))
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())  # the other beat's claim
        return rows
    monkeypatch.setattr(QuerySet, "values_list", racing)
    assert feeds_claim_due() == []

"""Feeds: which are due, polling one, and what its entries become.

A poll claims its feed by moving next_poll_at with a conditional update, so two
beats (or a beat and an admin action) never poll one feed twice. The download
is conditional (ETag, Last-Modified) and happens outside any transaction. A
failed poll counts a failure, records why, and backs the feed off
exponentially up to FEED_MAX_BACKOFF_MINUTES; the admin flags a feed with
FEED_FLAG_AFTER_FAILURES consecutive failures.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..ingest.canonical import canonical_url
from ..ingest.feeds import Entry, FeedError, feed_parse
from ..ingest.fetch import FetchError, page_fetch
from ..models import Article, Feed
from .articles import URL_MAX, task_send_on_commit

log = logging.getLogger(__name__)


@dataclass
class PollResult:
    feed_id: int
    ok: bool
    new: list[int] = field(default_factory=list)  # ids of the articles this poll created
    seen: int = 0  # entries that were already articles
    skipped: int = 0  # entries without a fetchable link
    not_modified: bool = False
    error: str = ""


def feeds_claim_due(*, now: dt.datetime | None = None) -> list[int]:
    """Claim every active feed whose next poll is due and send `poll_feed` for each, after commit.

    The claim moves next_poll_at forward only if it still holds the value read,
    so of two concurrent callers one wins each feed. Returns the ids claimed.
    """
    now = now or timezone.now()
    due = Feed.objects.filter(active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
    claimed = []
    with transaction.atomic():
        for feed_id, next_poll_at, minutes in due.values_list("pk", "next_poll_at", "poll_minutes"):
            if Feed.objects.filter(pk=feed_id, next_poll_at=next_poll_at).update(
                    next_poll_at=now + dt.timedelta(minutes=minutes)):
                claimed.append(feed_id)
        if claimed:
            transaction.on_commit(lambda: _send_polls(claimed))
    return claimed


def _send_polls(feed_ids: list[int]) -> None:
    from ..tasks import poll_feed

    for feed_id in feed_ids:
        try:
            poll_feed.apply_async(kwargs={"feed_id": feed_id})
        except Exception as error:  # unreachable broker: the feed is polled at its next turn
            log.warning("could not send poll_feed for feed %s: %s", feed_id, error)
            return


def feed_poll(*, feed: Feed) -> PollResult | None:
    """Download a feed (conditionally) and turn its new entries into queued articles.

    `feed` is the row as the task loaded it. Network first, outside any
    transaction; then one transaction stores the new articles and the feed's
    ETag and Last-Modified, and sends `fetch_article` for each new article
    after commit. A download or parse failure is recorded on the feed (see
    `feed_failure_record`).
    """
    try:
        page = page_fetch(feed.url, html=False, etag=feed.etag, last_modified=feed.last_modified)
        if page.not_modified:
            return feed_entries_store(feed_id=feed.pk, entries=[], not_modified=True)
        parsed = feed_parse(page.body, url=page.url, content_type=page.content_type)
    except (FetchError, FeedError) as error:
        return feed_failure_record(feed_id=feed.pk, reason=str(error))
    return feed_entries_store(feed_id=feed.pk, entries=parsed.entries, warning=parsed.warning,
                              etag=page.headers.get("etag", ""), last_modified=page.headers.get("last-modified", ""),
                              title=parsed.title)


@transaction.atomic
def feed_entries_store(*, feed_id: int, entries: list[Entry], not_modified: bool = False, warning: str = "",
                       etag: str = "", last_modified: str = "", title: str = "") -> PollResult | None:
    """Create a queued article for each entry whose canonical URL is new; record a successful poll.

    Existing URLs are skipped; a URL that another transaction inserts at the
    same moment is skipped by the database (ON CONFLICT DO NOTHING), so a feed
    polled twice, or two feeds sharing a story, make one article.
    """
    feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
    if feed is None:
        return None
    now = timezone.now()
    result = PollResult(feed_id=feed_id, ok=True, not_modified=not_modified)
    wanted: dict[str, Entry] = {}
    for entry in entries:
        try:
            url = canonical_url(entry.url)
        except ValueError:  # not http(s), or no host
            result.skipped += 1
            continue
        if len(url) > URL_MAX:
            result.skipped += 1
            continue
        wanted.setdefault(url, entry)
    existing = set(Article.objects.filter(url__in=list(wanted)).values_list("url", flat=True))
    result.seen = len(existing)
    fresh = [url for url in wanted if url not in existing]
    if fresh:
        # Without an outlet on the feed, each article gets its own from its host once fetched.
        Article.objects.bulk_create([
            Article(url=url, source_url=wanted[url].url[:2000], title=wanted[url].title, feed=feed, outlet=feed.outlet,
                    published_at=wanted[url].published_at, enqueued_at=now)
            for url in fresh
        ], ignore_conflicts=True, batch_size=500)
        result.new = list(Article.objects.filter(url__in=fresh, feed=feed, status=Article.Status.QUEUED,
                                                 enqueued_at=now).order_by("pk").values_list("pk", flat=True))
    feed.last_polled_at, feed.next_poll_at = now, now + dt.timedelta(minutes=feed.poll_minutes)
    feed.failures, feed.last_error = 0, warning
    fields = ["last_polled_at", "next_poll_at", "failures", "last_error"]
    if not not_modified:
        feed.etag, feed.last_modified = etag[:300], last_modified[:100]
        fields += ["etag", "last_modified"]
    if title and not feed.title:
        feed.title = title
        fields.append("title")
    feed.save(update_fields=fields)
    task_send_on_commit("fetch_article", result.new)
    return result


@transaction.atomic
def feed_failure_record(*, feed_id: int, reason: str) -> PollResult | None:
    """Count a failed poll, keep its reason, and back off: the next poll waits
    poll_minutes × 2^failures, at most FEED_MAX_BACKOFF_MINUTES."""
    feed = Feed.objects.select_for_update().filter(pk=feed_id).first()
    if feed is None:
        return None
    now = timezone.now()
    feed.failures += 1
    wait = min(feed.poll_minutes * 2 ** min(feed.failures, 20), settings.FEED_MAX_BACKOFF_MINUTES)
    feed.last_error, feed.last_polled_at = reason[:2000], now
    feed.next_poll_at = now + dt.timedelta(minutes=max(wait, feed.poll_minutes))
    feed.save(update_fields=["failures", "last_error", "last_polled_at", "next_poll_at"])
    log.info("feed %s failed (%d in a row): %s", feed_id, feed.failures, reason)
    return PollResult(feed_id=feed_id, ok=False, error=reason)

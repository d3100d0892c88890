"""Celery tasks: thin wrappers that load nothing heavy and call one service.

The pipeline: `poll_due_feeds` (beat) → `poll_feed` → `fetch_article` (queue
`fetch`) → `suggest_for_article` (queue `extract`); `requeue_stale_articles`
(beat) re-sends whatever never reached the broker. acks_late,
reject_on_worker_lost, time limits, routes and the beat schedule are in
settings (CELERY_*). Every task is safe to run twice: the services re-check
the status under a lock or with a conditional update.
"""
from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_postrun, worker_init
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from .ingest.fetch import TransientFetchError
from .models import Article, Feed
from .services.articles import article_fail, article_fetch, article_retry_note, articles_requeue_stale
from .services.feeds import feed_poll, feeds_claim_due
from .services.suggestions import article_suggest

log = logging.getLogger(__name__)

FETCH_MAX_RETRIES = 5
BACKOFF_BASE_SECONDS = 10
# The database going away is transient too: retry, with Celery's own backoff.
DATABASE_DOWN = (OperationalError, InterfaceError)


@task_postrun.connect
def connections_tidy(task=None, **kwargs) -> None:
    """After each task, what Django does after each request: close a database
    connection that failed or outlived CONN_MAX_AGE, keep the others. (Celery's
    Django fixup closes every connection after every task unless
    CELERY_DB_REUSE_MAX is set, which costs a new PostgreSQL backend per task.)"""
    if task is not None and not getattr(task.request, "is_eager", False):
        close_old_connections()


@worker_init.connect
def engine_warm(**kwargs) -> None:
    """Compile the suggestion engine in the worker's main process, before the
    pool forks: every pool process starts with it (sharing its memory) instead
    of compiling it during its first task."""
    from .engine import engine_get

    try:
        engine_get()
    except Exception as error:  # no reference data yet, database down: each process compiles it later
        log.warning("suggestion engine not compiled at start: %s", error)
    finally:
        connections.close_all()  # not to be shared with the pool processes


def fetch_backoff(retries: int, retry_after: float | None) -> float:
    """Seconds before retry number `retries + 1`: exponential with jitter, or the
    server's Retry-After when longer, capped below the broker's visibility
    timeout (a longer countdown would have Redis hand the task to a second worker)."""
    cap = max(1.0, 0.8 * settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600))
    wait = BACKOFF_BASE_SECONDS * 2 ** retries
    wait += random.uniform(0, wait / 4)
    return min(max(wait, retry_after or 0.0), cap)


@shared_task(name="events.poll_due_feeds")
def poll_due_feeds() -> int:
    return len(feeds_claim_due())


@shared_task(name="events.poll_feed", autoretry_for=DATABASE_DOWN, retry_backoff=True, max_retries=3)
def poll_feed(*, feed_id: int) -> None:
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:  # deleted or switched off since it was claimed
        return
    feed_poll(feed=feed)


@shared_task(bind=True, name="events.fetch_article", max_retries=FETCH_MAX_RETRIES,
             autoretry_for=DATABASE_DOWN, retry_backoff=True)
def fetch_article(self, *, article_id: int) -> None:
    article = Article.objects.filter(pk=article_id, status=Article.Status.QUEUED).first()
    if article is None:  # gone, or a repeated delivery of an article that has moved on
        return
    try:
        article_fetch(article=article)
    except (TransientFetchError, SoftTimeLimitExceeded) as error:
        reason = getattr(error, "reason", "") or "the download took longer than the task's time limit"
        if self.request.retries >= self.max_retries:
            article_fail(article_id=article_id, reason=f"{reason} (gave up after {self.request.retries + 1} attempts)")
            return
        countdown = fetch_backoff(self.request.retries, getattr(error, "retry_after", None))
        article_retry_note(article_id=article_id, reason=reason, countdown=countdown)
        raise self.retry(countdown=countdown, exc=error)


@shared_task(name="events.suggest_for_article", autoretry_for=DATABASE_DOWN, retry_backoff=True, max_retries=5)
def suggest_for_article(*, article_id: int) -> None:
    # article_suggest loads the article itself (fetched only) and returns None
    # when it is gone or has moved on, so no query here.
    try:
        article_suggest(article_id=article_id)
    except DATABASE_DOWN:
        raise
    except Exception as error:  # an engine failure on one article must not come back forever
        log.exception("suggestion engine failed on article %s", article_id)
        kind = "took longer than the time limit" if isinstance(error, SoftTimeLimitExceeded) else \
            f"failed: {type(error).__name__}: {str(error)[:300]}"
        article_fail(article_id=article_id, reason=f"the suggestion engine {kind}")


@shared_task(name="events.requeue_stale_articles")
def requeue_stale_articles() -> int:
    return len(articles_requeue_stale())

"""Articles on their way in: submitted by editors or found in feeds, fetched,
extracted, then handed to the suggestion engine.

Statuses move queued → fetched → extracted, or to failed with a reason an
editor can read; every move is a conditional update or happens under a row
lock after re-checking the status, so a task delivered twice, or two workers on
one article, leave one result. Network work (fetching, parsing) happens
outside any transaction. Tasks are sent after commit; a task that cannot reach
the broker leaves its article queued for `articles_requeue_stale`.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..ingest.canonical import canonical_url, content_hash
from ..ingest.extract import ExtractError, Extracted, article_extract
from ..ingest.fetch import PermanentFetchError, page_fetch
from ..models import Article, Outlet

log = logging.getLogger(__name__)
IN_PROGRESS = (Article.Status.QUEUED, Article.Status.FETCHED)
URL_MAX = Article._meta.get_field("url").max_length
REQUEUE_BATCH = 500


class SubmissionError(ValueError):
    """The submission cannot become an article; the message is for the editor."""


@dataclass(frozen=True)
class Submitted:
    article: Article
    created: bool  # False: the same URL or text was already an article
    retried: bool = False  # it was, had failed, and is queued again


# --- sending tasks -------------------------------------------------------------------------------------------


def task_send(task_name: str, article_ids: list[int]) -> None:
    """Send one task per article now; to be called after commit.

    A broker that cannot be reached loses nothing: the articles' enqueued_at is
    cleared so that the next `articles_requeue_stale` sends them again.
    """
    from .. import tasks

    task = getattr(tasks, task_name)
    for position, article_id in enumerate(article_ids):
        try:
            task.apply_async(kwargs={"article_id": article_id}, retry=True,
                             retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5})
        except Exception as error:  # kombu and redis raise several types for an unreachable broker
            unsent = article_ids[position:]
            log.warning("broker unreachable (%s): %d article(s) stay queued for requeue_stale_articles",
                        error, len(unsent))
            Article.objects.filter(pk__in=unsent, status__in=IN_PROGRESS).update(enqueued_at=None)
            return


def task_send_on_commit(task_name: str, article_ids: list[int]) -> None:
    if article_ids:
        transaction.on_commit(lambda: task_send(task_name, article_ids))


# --- submission ----------------------------------------------------------------------------------------------


def article_submit(*, url: str = "", text: str = "", title: str = "", outlet: str = "",
                   published_at: dt.datetime | None = None, user=None) -> Submitted:
    """An article from an editor: a URL to fetch, or pasted text.

    The same URL (once canonical) or the same text is the same article: it is
    returned with created=False, and re-queued if it had failed, so submitting
    again is how an editor retries. A new URL is queued for fetching; a new text
    goes straight to the suggestion engine. Tasks are sent after commit.
    """
    url, text = url.strip(), text.strip()
    if bool(url) == bool(text):
        raise SubmissionError("give either a URL or a text, not both" if url else "give a URL or a text")
    if url:
        return _submit_url(url=url, user=user)
    return _submit_text(text=text, title=title.strip(), outlet=outlet.strip(), published_at=published_at, user=user)


def _submit_url(*, url: str, user) -> Submitted:
    try:
        canonical = canonical_url(url)
    except ValueError as error:
        raise SubmissionError(f"cannot fetch this URL: {error}") from None
    if len(canonical) > URL_MAX:
        raise SubmissionError(f"cannot fetch this URL: it is longer than {URL_MAX} characters")
    with transaction.atomic():
        article, created = Article.objects.get_or_create(
            url=canonical, defaults={"source_url": url[:2000], "submitted_by": user, "enqueued_at": timezone.now()})
        retried = not created and _retry_failed(article, status=Article.Status.QUEUED)
        if created or retried:
            task_send_on_commit("fetch_article", [article.pk])
    return Submitted(article=Article.objects.get(pk=article.pk), created=created, retried=retried)


def _submit_text(*, text: str, title: str, outlet: str, published_at, user) -> Submitted:
    digest = content_hash(text)
    with transaction.atomic():
        article, created = Article.objects.get_or_create(content_hash=digest, defaults={
            "text": text, "title": (title or _first_line(text))[:500], "outlet": outlet_find(name=outlet),
            "published_at": published_at, "submitted_by": user, "status": Article.Status.FETCHED,
            "fetched_at": timezone.now(), "enqueued_at": timezone.now()})
        retried = not created and _retry_failed(article, status=Article.Status.FETCHED)
        if created or retried:
            task_send_on_commit("suggest_for_article", [article.pk])
    return Submitted(article=Article.objects.get(pk=article.pk), created=created, retried=retried)


def _retry_failed(article: Article, *, status: str) -> bool:
    """A failed article submitted again goes back to `status` (one winner if two editors resubmit)."""
    if article.status != Article.Status.FAILED:
        return False
    return bool(Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
        status=status, error="", attempts=0, enqueued_at=timezone.now()))


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 120 else line[:117].rsplit(" ", 1)[0] + "…"


def outlet_find(*, name: str = "", domain: str = "") -> Outlet | None:
    """The outlet by domain (www. stripped) or name; a new one when a domain is given,
    or when the name looks like a domain ("lemonde.fr")."""
    domain = (domain or "").lower().removeprefix("www.")
    if not domain and "." in name and " " not in name:
        domain = name.lower().removeprefix("www.")
    if domain:
        outlet, _ = Outlet.objects.get_or_create(domain=domain[:200], defaults={"name": (name or domain)[:200]})
        return outlet
    if not name:
        return None
    found = Outlet.objects.filter(Q(name__iexact=name) | Q(domain__iexact=name)).first()
    # No domain to key it on: a name alone gets a placeholder domain, unique per name.
    if found:
        return found
    return Outlet.objects.get_or_create(domain=f"{name.lower()[:180]}.unknown", defaults={"name": name[:200]})[0]


# --- fetching ------------------------------------------------------------------------------------------------


def article_fetch(*, article: Article) -> Article | None:
    """Download a queued article's page, extract its text and store it (status fetched).

    `article` is the row as the task loaded it. The attempt is counted first, so
    a worker killed mid-download still counts. The download and the extraction
    run outside any transaction. Permanent failures (404, not HTML, too large,
    no text, refused address) mark the article failed with the reason; a
    TransientFetchError is raised for the task to retry, the article still
    queued. None when the article has moved on or failed.
    """
    if not Article.objects.filter(pk=article.pk, status=Article.Status.QUEUED).update(attempts=F("attempts") + 1):
        return None  # another delivery got there first
    try:
        page = page_fetch(article.source_url or article.url)
        extracted = article_extract(page.text(), url=page.url)
    except (PermanentFetchError, ExtractError) as error:
        article_fail(article_id=article.pk, reason=str(error))
        return None
    return article_fetched_store(article=article, extracted=extracted, final_url=page.url)


def article_fetched_store(*, article: Article, extracted: Extracted, final_url: str) -> Article | None:
    """Store a downloaded article's text and metadata and mark it fetched; send
    `suggest_for_article` after commit.

    A conditional update (only while still queued), so of two racing deliveries
    one stores and the other changes nothing. Text already stored for another
    article (the same story at two addresses) fails this one, naming the other:
    content hashes are unique in the database.
    """
    digest = content_hash(extracted.text)
    outlet = article.outlet_id or outlet_find(name=extracted.sitename, domain=urlsplit(final_url).hostname or "")
    now = timezone.now()
    try:
        with transaction.atomic():
            stored = Article.objects.filter(pk=article.pk, status=Article.Status.QUEUED).update(
                text=extracted.text, title=extracted.title or article.title, content_hash=digest,
                outlet=outlet, published_at=article.published_at or extracted.published_at,
                status=Article.Status.FETCHED, fetched_at=now, enqueued_at=now, error="")
            if stored:
                task_send_on_commit("suggest_for_article", [article.pk])
    except IntegrityError:  # the same text is another article's
        twin = Article.objects.filter(content_hash=digest).values_list("pk", flat=True).first()
        article_fail(article_id=article.pk, reason=f"the same text as article {twin}, which is processed instead")
        return None
    if not stored:
        return None
    article.status, article.text, article.content_hash = Article.Status.FETCHED, extracted.text, digest
    return article


def article_retry_note(*, article_id: int, reason: str, countdown: float) -> bool:
    """Record why a queued article's fetch will be retried, and when.

    enqueued_at is set to when the retry is due, so `articles_requeue_stale`
    leaves it alone while Celery holds the retry.
    """
    when = timezone.now() + dt.timedelta(seconds=countdown)
    note = f"{reason}; retrying in {countdown:.0f}s"
    queued = Article.objects.filter(pk=article_id, status=Article.Status.QUEUED)
    return bool(queued.update(error=note, enqueued_at=when))


def article_fail(*, article_id: int, reason: str) -> bool:
    """Mark an article that is still in progress as failed, with the reason. False if it had moved on."""
    return bool(Article.objects.filter(pk=article_id, status__in=IN_PROGRESS).update(
        status=Article.Status.FAILED, error=reason[:2000], enqueued_at=None))


# --- the safety net --------------------------------------------------------------------------------------------


def articles_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Send again the tasks of articles stuck in progress: queued or fetched with no
    task sent (the broker was down) or sent longer ago than ARTICLE_REQUEUE_AFTER_SECONDS.

    Claims each article by moving its enqueued_at to now, under SKIP LOCKED, so two
    runs never send the same article twice. Returns the ids sent.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.ARTICLE_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        stale = list(
            Article.objects.select_for_update(skip_locked=True)
            .filter(status__in=IN_PROGRESS).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff))
            .order_by("pk").values_list("pk", "status")[:REQUEUE_BATCH]
        )
        Article.objects.filter(pk__in=[pk for pk, _ in stale]).update(enqueued_at=now)
        task_send_on_commit("fetch_article", [pk for pk, status in stale if status == Article.Status.QUEUED])
        task_send_on_commit("suggest_for_article", [pk for pk, status in stale if status == Article.Status.FETCHED])
    return [pk for pk, _ in stale]

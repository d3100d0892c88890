"""Articles through the services and tasks, in this process (Celery eager):
submission, identity, the fetch task's faults and retries, the safety net."""
import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from events import tasks
from events.ingest.samples import story, story_html
from events.models import Article, Event, Evidence
from events.services.articles import SubmissionError, article_submit, articles_requeue_stale, task_send
from events.tasks import fetch_article, suggest_for_article

from ..factories import ArticleFactory
from .conftest import serve_story
from .server import Reply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_local", "eager", "reference")]


def fetched(article_id: int) -> Article:
    fetch_article.apply(kwargs={"article_id": article_id})
    return Article.objects.get(pk=article_id)


def queued(url: str) -> Article:
    return Article.objects.create(url=url, source_url=url)


# --- submission and identity ---------------------------------------------------------------------------------


def test_article_submit_url_queues_one_article_and_sends_its_fetch(django_capture_on_commit_callbacks, editor_user):
    with django_capture_on_commit_callbacks() as sent:
        result = article_submit(url="https://News.Example.com/world/story-1?utm_source=tw&b=2&a=1#top", user=editor_user)
    assert result.created and len(sent) == 1
    article = result.article
    assert article.url == "https://news.example.com/world/story-1?a=1&b=2"
    assert article.status == Article.Status.QUEUED and article.submitted_by == editor_user
    assert article.enqueued_at is not None


@pytest.mark.parametrize("again", [
    "http://news.example.com/world/story-1?a=1&b=2",
    "https://NEWS.example.com:443/world/story-1?b=2&a=1&utm_medium=social&fbclid=x",
    "https://news.example.com/world/story-1?a=1&b=2#comments",
])
def test_article_submit_the_same_url_again_is_the_same_article(again, django_capture_on_commit_callbacks):
    first = article_submit(url="https://news.example.com/world/story-1?a=1&b=2").article
    with django_capture_on_commit_callbacks() as sent:
        second = article_submit(url=again)
    assert not second.created and second.article.pk == first.pk and not sent
    assert Article.objects.count() == 1


def test_article_submit_the_same_text_again_is_the_same_article(django_capture_on_commit_callbacks):
    text = "France recalled its ambassador to Australia on Friday, the foreign ministry said."
    with django_capture_on_commit_callbacks() as sent:
        first = article_submit(text=text, title="Envoy recalled", outlet="lemonde.fr")
    again = article_submit(text=f"  {text.replace(' ', '   ')}\n")
    assert first.created and not again.created and again.article.pk == first.article.pk
    assert first.article.status == Article.Status.FETCHED and len(sent) == 1
    assert first.article.outlet.domain == "lemonde.fr" and first.article.title == "Envoy recalled"
    assert Article.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"url": "ftp://files.example.com/story.txt"}, "only http and https"),
    ({"url": "file:///etc/passwd"}, "only http and https"),
    ({"url": "javascript:alert(1)"}, "only http and https"),
    ({"url": "https://"}, "no host"),
    ({"url": "https://a.example/" + "x" * 1000}, "longer than 1000 characters"),
    ({}, "give a URL or a text"),
    ({"url": "https://a.example/x", "text": "some text"}, "not both"),
])
def test_article_submit_refuses_bad_input_before_any_network(kwargs, message, news):
    with pytest.raises(SubmissionError, match=message):
        article_submit(**kwargs)
    assert not Article.objects.exists() and not news.hits


def test_article_submit_again_retries_a_failed_article(django_capture_on_commit_callbacks):
    article = ArticleFactory(url="https://a.example/x", text="", status=Article.Status.FAILED, error="HTTP 503", attempts=6)
    with django_capture_on_commit_callbacks() as sent:
        result = article_submit(url="https://a.example/x")
    article.refresh_from_db()
    assert not result.created and len(sent) == 1
    assert (article.status, article.error, article.attempts) == (Article.Status.QUEUED, "", 0)


# --- the pipeline in process -----------------------------------------------------------------------------------


def test_a_submitted_url_ends_extracted_with_suggestions(news, run_on_commit):
    url = serve_story(news, 0)
    with run_on_commit():
        article_id = article_submit(url=url).article.pk
    article = Article.objects.select_related("outlet").get(pk=article_id)
    item = story(0)
    assert article.status == Article.Status.EXTRACTED, article.error
    assert article.title == item.title and item.lead in article.text
    assert article.outlet.name == "The Daily Courier" and article.outlet.domain == "127.0.0.1"
    assert article.published_at.date() == item.published.date()
    assert article.content_hash and article.fetched_at and article.extracted_at and article.attempts == 1
    event = Event.objects.get(evidence__article=article, type__slug="ambassador_recalled")
    assert {p.country.code for p in event.participants.all()} == {"FR", "AU"}


def test_a_pasted_text_ends_extracted_with_suggestions(run_on_commit):
    text = "France recalled its ambassador to Australia on Friday, the foreign ministry said."
    with run_on_commit():
        article_id = article_submit(text=text, published_at=dt.datetime(2024, 3, 9, tzinfo=dt.timezone.utc)).article.pk
    article = Article.objects.get(pk=article_id)
    assert article.status == Article.Status.EXTRACTED
    assert Event.objects.filter(evidence__article=article, type__slug="ambassador_recalled", date=dt.date(2024, 3, 8)).exists()


def test_fetch_article_delivered_twice_stores_once(news, run_on_commit):
    article = queued(serve_story(news, 3))
    with run_on_commit():
        fetch_article.apply(kwargs={"article_id": article.pk})
        fetch_article.apply(kwargs={"article_id": article.pk})
    assert news.hits[story(3).path] == 1  # the second delivery saw the article had moved on
    assert Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTED


def test_suggest_for_article_delivered_twice_adds_no_duplicate(news, run_on_commit):
    article = queued(serve_story(news, 6))
    with run_on_commit():
        fetch_article.apply(kwargs={"article_id": article.pk})
    events, evidence = Event.objects.count(), Evidence.objects.count()
    assert events >= 1
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FETCHED)  # as if the first result were lost
    suggest_for_article.apply(kwargs={"article_id": article.pk})
    suggest_for_article.apply(kwargs={"article_id": article.pk})
    assert (Event.objects.count(), Evidence.objects.count()) == (events, evidence)


@pytest.mark.parametrize("task", [fetch_article, suggest_for_article])
def test_a_task_for_a_deleted_article_returns_quietly(task):
    assert task.apply(kwargs={"article_id": 987654}).successful()


def test_the_same_text_at_two_addresses_is_processed_once(news, run_on_commit):
    item = story(9)
    first, second = news.add("/a", Reply(story_html(item))), news.add("/b", Reply(story_html(item)))
    with run_on_commit():
        one, two = article_submit(url=first).article, article_submit(url=second).article
    one.refresh_from_db(), two.refresh_from_db()
    assert one.status == Article.Status.EXTRACTED
    assert two.status == Article.Status.FAILED and two.error == f"the same text as article {one.pk}, which is processed instead"


# --- bad input, each with its recorded reason ------------------------------------------------------------------


def test_a_404_fails_the_article_at_once(news):
    article = fetched(queued(news.url("/gone")).pk)
    assert article.status == Article.Status.FAILED and article.attempts == 1
    assert article.error == f"HTTP 404 Not Found from {news.url('/gone')}"


def test_a_500_then_success_is_retried_and_completes(news, run_on_commit):
    item = story(12)
    url = news.add(item.path, Reply("down", status=500), Reply(story_html(item)))
    article = queued(url)
    with run_on_commit():
        fetch_article.apply(kwargs={"article_id": article.pk})
    article.refresh_from_db()
    assert news.hits[item.path] == 2 and article.attempts == 2
    assert article.status == Article.Status.EXTRACTED and article.error == ""


def test_a_503_records_the_reason_and_the_retry_while_waiting(news, monkeypatch):
    url = news.add("/busy", Reply("busy", status=503, headers={"Retry-After": "30"}))
    article = queued(url)
    sent = []
    monkeypatch.setattr(fetch_article, "retry", lambda **kw: sent.append(kw) or RuntimeError("retry sent"))
    fetch_article.apply(kwargs={"article_id": article.pk})
    article.refresh_from_db()
    assert sent[0]["countdown"] >= 30  # Retry-After is honoured when longer than the backoff
    assert article.status == Article.Status.QUEUED
    assert article.error.startswith(f"HTTP 503 Service Unavailable from {url}; retrying in ")
    assert article.enqueued_at > timezone.now() + dt.timedelta(seconds=25)  # not stale while the retry waits


def test_a_timeout_is_retried_then_fails_with_the_reason(news):
    url = news.add("/slow", Reply("late", delay=0.6))
    with override_settings(FETCH_READ_TIMEOUT=0.1):
        article = fetched(queued(url).pk)
    assert article.status == Article.Status.FAILED and article.attempts == tasks.FETCH_MAX_RETRIES + 1
    assert article.error == (f"timed out waiting for 127.0.0.1 to answer (after 0.1s) "
                             f"(gave up after {tasks.FETCH_MAX_RETRIES + 1} attempts)")


def test_a_50_mb_body_is_cut_off_at_the_cap(news):
    url = news.add("/huge", Reply(stream=lambda: (b"<p>" + b"x" * 65533 for _ in range(800))))
    article = fetched(queued(url).pk)
    assert article.status == Article.Status.FAILED and article.attempts == 1
    assert article.error == f"too large: stopped reading {url} at the 5.0 MB cap"
    assert news.streamed["/huge"] < 25 * 1024 * 1024


def test_a_pdf_fails_as_not_html(news):
    url = news.add("/report.pdf", Reply(b"%PDF-1.7", content_type="application/pdf"))
    article = fetched(queued(url).pk)
    assert article.status == Article.Status.FAILED and article.error == f"not an HTML page: {url} is application/pdf"


def test_a_windows_1252_page_without_charset_is_read_correctly(news):
    item = story(15)
    quote = " \u201cIt is a sad day\u201d, said the caf\u00e9 owner \u2014 \u20ac5."
    page = story_html(item, charset=None).replace(item.lead, item.lead + quote)
    url = news.add("/cp1252", Reply(page.encode("cp1252"), content_type="text/html"))
    article = fetched(queued(url).pk)
    assert article.status != Article.Status.FAILED, article.error
    assert quote.strip() in article.text


def test_a_page_without_article_text_fails_with_the_reason(news):
    url = news.add("/index", Reply("<html><body><nav><a href='/a'>A</a></nav></body></html>"))
    article = fetched(queued(url).pk)
    assert article.status == Article.Status.FAILED and article.error.startswith("no article text found in the page")


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port}/x", "http://169.254.169.254/latest/meta-data/"])
def test_a_redirect_to_a_private_address_is_refused(news, target):
    url = news.add("/go", Reply(status=302, headers={"Location": target.format(port=news.port)}))
    article = fetched(queued(url).pk)
    host = target.split("/")[2].split(":")[0]
    assert article.status == Article.Status.FAILED and article.attempts == 1
    assert article.error.startswith(f"refused to fetch from {host}: {host} is a")


def test_a_redirect_to_a_non_http_scheme_is_refused(news):
    url = news.add("/go", Reply(status=302, headers={"Location": "ftp://files.example.com/a"}))
    article = fetched(queued(url).pk)
    assert article.status == Article.Status.FAILED
    assert article.error == ("refused: only http and https URLs are fetched, not ftp (ftp://files.example.com/a), "
                             f"redirected from {url}")


def test_an_engine_failure_fails_the_article_with_the_reason(monkeypatch):
    article = ArticleFactory(status=Article.Status.FETCHED)

    def broken(**kwargs):
        raise ValueError("no sentences")
    monkeypatch.setattr(tasks, "article_suggest", broken)
    suggest_for_article.apply(kwargs={"article_id": article.pk})
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error == "the suggestion engine failed: ValueError: no sentences"


# --- the safety net -------------------------------------------------------------------------------------------


def test_requeue_stale_articles_sends_what_never_reached_the_broker(django_capture_on_commit_callbacks):
    old = timezone.now() - dt.timedelta(hours=1)
    unsent = ArticleFactory(status=Article.Status.QUEUED, text="", enqueued_at=None)
    stale = ArticleFactory(status=Article.Status.FETCHED, enqueued_at=old)
    ArticleFactory(status=Article.Status.QUEUED, text="", enqueued_at=timezone.now())  # just sent
    ArticleFactory(status=Article.Status.EXTRACTED, enqueued_at=None)
    with django_capture_on_commit_callbacks() as sent:
        assert sorted(articles_requeue_stale()) == sorted([unsent.pk, stale.pk])
    assert len(sent) == 2  # one batch of fetches, one of suggestions
    assert articles_requeue_stale() == []  # claimed: the next run leaves them alone
    unsent.refresh_from_db()
    assert unsent.enqueued_at is not None


def test_task_send_with_the_broker_down_leaves_the_article_for_the_safety_net(monkeypatch):
    article = ArticleFactory(status=Article.Status.QUEUED, text="", enqueued_at=timezone.now())

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    monkeypatch.setattr(fetch_article, "apply_async", down)
    task_send("fetch_article", [article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and article.enqueued_at is None
    assert articles_requeue_stale() == [article.pk]

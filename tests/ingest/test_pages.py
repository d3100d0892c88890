"""The submission page and the article's progress page, refreshed by htmx."""
import pytest
from django.contrib.auth.models import Group

from events.models import Article, Event
from events.services.suggestions import suggestions_store

from ..factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def test_submit_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/articles/submit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/articles/submit/")


def test_submit_page_is_403_for_a_signed_in_non_editor(client):
    Group.objects.get_or_create(name="analysts")
    client.force_login(UserFactory(username="reader", groups=["analysts"]))
    response = client.get("/articles/submit/")
    assert response.status_code == 403 and b"Editors only" in response.content
    assert client.get("/articles/1/progress/").status_code == 403


def test_submit_page_has_a_labelled_form_and_a_heading(editor_client):
    html = editor_client.get("/articles/submit/").content.decode()
    assert "<h1>Submit an article</h1>" in html
    for name in ("url", "text", "title", "outlet", "published"):
        assert f'<label for="id_{name}">' in html and f'id="id_{name}"' in html


def test_submitting_a_url_queues_it_and_redirects_to_its_page(editor_client, editor_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        response = editor_client.post("/articles/submit/", {"url": "https://news.example.com/a?utm_source=x"})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.url == "https://news.example.com/a" and article.submitted_by == editor_user and len(sent) == 1


def test_submitting_the_same_url_again_shows_the_existing_article(editor_client):
    first = editor_client.post("/articles/submit/", {"url": "https://news.example.com/a"})
    again = editor_client.post("/articles/submit/", {"url": "http://NEWS.example.com/a#top"}, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "already submitted" in again.content.decode() and Article.objects.count() == 1


def test_submitting_pasted_text_with_details(editor_client, django_capture_on_commit_callbacks):
    text = "France recalled its ambassador to Australia on Friday, the foreign ministry said."
    with django_capture_on_commit_callbacks() as sent:
        editor_client.post("/articles/submit/", {"text": text, "title": "Envoy recalled", "outlet": "Le Monde",
                                                 "published": "2024-03-09"})
    article = Article.objects.select_related("outlet").get()
    assert (article.title, article.outlet.name, article.status) == ("Envoy recalled", "Le Monde", "fetched")
    assert article.published_at.isoformat() == "2024-03-09T00:00:00+00:00" and len(sent) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Give the article&#x27;s URL, or paste its text."),
    ({"url": "https://a.example/x", "text": "words"}, "Give either a URL or a text, not both."),
    ({"url": "ftp://files.example.com/a"}, "cannot fetch this URL: only http and https URLs can be fetched, not ftp"),
    ({"text": "words", "published": "yesterday"}, "Enter a valid date."),
])
def test_bad_submissions_show_the_form_again_with_the_reason(editor_client, data, message):
    response = editor_client.post("/articles/submit/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Article.objects.exists()


def test_the_article_page_polls_its_progress_while_in_progress(editor_client):
    article = ArticleFactory(status=Article.Status.QUEUED, text="", attempts=0)
    html = editor_client.get(f"/articles/{article.pk}/").content.decode()
    assert f'hx-get="/articles/{article.pk}/progress/"' in html and 'hx-trigger="every 1s"' in html
    assert "vendor/htmx/htmx.min.js" in html and "Queued: waiting for a worker" in html
    assert 'aria-live="polite"' in html


@pytest.mark.parametrize(("fields", "label"), [
    ({"status": "queued", "attempts": 1}, "Fetching the page"),
    ({"status": "queued", "attempts": 2, "error": "HTTP 503 from x; retrying in 20s"}, "Fetching the page (attempt 2)"),
    ({"status": "fetched"}, "Extracting: looking for events"),
])
def test_the_progress_partial_names_the_stage_and_keeps_polling(editor_client, fields, label):
    article = ArticleFactory(**fields)
    response = editor_client.get(f"/articles/{article.pk}/progress/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and label in html and 'hx-trigger="every 1s"' in html
    assert "<html" not in html  # a fragment, not a page
    if fields.get("error"):
        assert "Last attempt: HTTP 503 from x; retrying in 20s" in html


def test_the_progress_partial_of_an_extracted_article_lists_its_suggestions_and_stops(editor_client):
    article = ArticleFactory(status=Article.Status.FETCHED, published_at=None)
    suggestions_store(article_id=article.pk, suggestions=[{
        "type": "ambassador_recalled", "summary": "France recalled its ambassador to Australia",
        "source": [{"code": "FR", "text": "France"}], "target": [{"code": "AU", "text": "Australia"}],
        "date_min": "2024-03-08", "date_max": "2024-03-08", "quote": "France recalled", "quote_start": 0, "quote_end": 15}])
    event = Event.objects.get()
    html = editor_client.get(f"/articles/{article.pk}/progress/").content.decode()
    assert "1 suggestion" in html and "hx-trigger" not in html
    assert f'href="/review/events/{event.pk}/"' in html and f'href="/review/?article={article.pk}"' in html


def test_the_progress_partial_of_a_failed_article_gives_the_reason_and_stops(editor_client):
    article = ArticleFactory(status=Article.Status.FAILED, text="", error="HTTP 404 Not Found from https://a.example/x")
    html = editor_client.get(f"/articles/{article.pk}/progress/").content.decode()
    assert "Failed: HTTP 404 Not Found from https://a.example/x" in html and "hx-trigger" not in html


def test_an_anonymous_htmx_poll_is_told_to_go_to_the_login_page(client):
    article = ArticleFactory()
    response = client.get(f"/articles/{article.pk}/progress/", HTTP_HX_REQUEST="true")
    assert response.status_code == 401 and response["HX-Redirect"].startswith("/accounts/login/")


def test_the_article_page_of_a_missing_article_is_404(editor_client):
    assert editor_client.get("/articles/987654/").status_code == 404

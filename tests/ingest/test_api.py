"""POST /api/v1/articles/ and GET /api/v1/articles/{id}/ for editors."""
import pytest
from django.contrib.auth.models import Group

from events.models import Article

from ..factories import ArticleFactory, EvidenceFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]
URL = "/api/v1/articles/"


@pytest.fixture
def editor_api(api_client, editor_user):
    api_client.force_login(editor_user)
    return api_client


def test_posting_a_url_creates_a_queued_article(editor_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        response = editor_api.post(URL, {"url": "https://News.example.com/world/a?utm_campaign=x#c"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["url"] == "https://news.example.com/world/a" and body["status"] == "queued"
    assert body["stage"] == "queued" and body["progress"] == "Queued: waiting for a worker" and body["suggestions"] == []
    assert len(sent) == 1


def test_posting_the_same_url_again_returns_the_existing_article_with_200(editor_api):
    first = editor_api.post(URL, {"url": "https://news.example.com/world/a"}, format="json").json()
    again = editor_api.post(URL, {"url": "http://news.example.com/world/a?utm_source=feed"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


def test_posting_text_with_details_creates_a_fetched_article(editor_api):
    response = editor_api.post(URL, {
        "text": "France recalled its ambassador to Australia on Friday, the foreign ministry said.",
        "title": "France recalls envoy", "outlet": "lemonde.fr", "published_at": "2024-03-09"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["outlet"]) == ("France recalls envoy", "lemonde.fr")
    assert (body["status"], body["stage"]) == ("fetched", "extracting")
    assert body["published_at"].startswith("2024-03-09T00:00:00")
    spaced = "France recalled its ambassador to Australia on Friday,  the foreign ministry said."
    again = editor_api.post(URL, {"text": spaced}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "non_field_errors", "Give `url` (an article to fetch) or `text` (the article itself)."),
    ({"url": "https://a.example/x", "text": "t"}, "non_field_errors", "Give either `url` or `text`, not both."),
    ({"url": "https://a.example/x", "title": "t"}, "non_field_errors",
     "`title`, `outlet` and `published_at` go with `text`; a URL's page gives them."),
    ({"url": "ftp://files.example.com/a"}, "url", "cannot fetch this URL: only http and https URLs can be fetched, not ftp"),
    ({"url": "file:///etc/passwd"}, "url", "cannot fetch this URL: only http and https URLs can be fetched, not file"),
    ({"url": "not a url"}, "url", "cannot fetch this URL: only http and https URLs can be fetched, not a URL without scheme"),
    ({"text": "t", "published_at": "last week"}, "published_at",
     "Use an ISO 8601 date (2024-03-09) or date-time (2024-03-09T10:00:00Z)."),
])
def test_bad_input_is_a_400_with_a_clear_message(editor_api, data, field, message):
    response = editor_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid request.", "status": 400, "fields": {field: [message]}}
    assert not Article.objects.exists()


def test_anonymous_clients_and_non_editors_may_not_post(api_client):
    assert api_client.post(URL, {"url": "https://a.example/x"}, format="json").status_code in (401, 403)
    Group.objects.get_or_create(name="analysts")
    api_client.force_login(UserFactory(username="reader", groups=["analysts"]))
    assert api_client.post(URL, {"url": "https://a.example/x"}, format="json").status_code == 403
    assert api_client.get(URL).status_code == 403
    assert not Article.objects.exists()


def test_getting_an_article_gives_its_status_and_suggestions(editor_api):
    evidence = EvidenceFactory(article=ArticleFactory(status=Article.Status.EXTRACTED))
    body = editor_api.get(f"{URL}{evidence.article_id}/").json()
    assert body["status"] == "extracted" and body["progress"] == "1 suggestion"
    assert body["suggestions"] == [{"id": evidence.event_id, "summary": evidence.event.summary, "type": "meeting",
                                    "date": "2021-11-28", "status": "confirmed"}]


def test_getting_a_failed_article_gives_the_reason(editor_api):
    reason = "not an HTML page: https://a.example/x is application/pdf"
    article = ArticleFactory(status=Article.Status.FAILED, text="", error=reason)
    body = editor_api.get(f"{URL}{article.pk}/").json()
    assert body["stage"] == "failed" and body["error"] == reason


def test_getting_a_missing_article_is_404(editor_api):
    assert editor_api.get(f"{URL}987654/").status_code == 404


def test_listing_articles_filters_by_status_in_a_fixed_number_of_queries(editor_api, django_assert_num_queries):
    for _ in range(3):
        EvidenceFactory(article=ArticleFactory(status=Article.Status.EXTRACTED))
    ArticleFactory(status=Article.Status.FAILED, text="", error="HTTP 404")
    with django_assert_num_queries(4):  # session, user, their groups, the page
        body = editor_api.get(URL, {"status": "extracted"}).json()
    assert [row["suggestion_count"] for row in body["results"]] == [1, 1, 1]
    assert [row["status"] for row in editor_api.get(URL, {"status": "failed"}).json()["results"]] == ["failed"]

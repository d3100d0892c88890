import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from events.ingest.samples import story, story_html
from events.models import Article
from events.tasks import fetch_article, suggest_for_article
from .server import Reply
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("allow_local", "reference")]

def test_q(news, monkeypatch):
    import events.services.articles as arts
    monkeypatch.setattr(arts, "task_send", lambda *a, **k: None)
    ids = []
    for i in range(3):
        item = story(i, paragraphs=12)
        url = news.add(item.path, Reply(story_html(item)))
        ids.append(Article.objects.create(url=url, source_url=url).pk)
    fetch_article.apply(kwargs={"article_id": ids[0]}); suggest_for_article.apply(kwargs={"article_id": ids[0]})
    with CaptureQueriesContext(connection) as q:
        fetch_article.apply(kwargs={"article_id": ids[1]})
    print("FETCH", len(q)); [print("  ", x["sql"][:150]) for x in q.captured_queries]
    with CaptureQueriesContext(connection) as q:
        suggest_for_article.apply(kwargs={"article_id": ids[1]})
    print("SUGGEST", len(q)); [print("  ", x["sql"][:150]) for x in q.captured_queries]

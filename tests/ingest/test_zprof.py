import cProfile, pstats, time
import pytest
from events.ingest.samples import story, story_html
from events.models import Article
from events.services.articles import article_fetch
from events.services.suggestions import article_suggest
from .server import Reply
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("allow_local", "reference")]

def test_prof(news, monkeypatch):
    import events.services.articles as arts
    monkeypatch.setattr(arts, "task_send", lambda *a, **k: None)
    ids = []
    for i in range(40):
        item = story(i, paragraphs=12)
        url = news.add(item.path, Reply(story_html(item)))
        ids.append(Article.objects.create(url=url, source_url=url).pk)
    article_fetch(article_id=ids[0]); article_suggest(article_id=ids[0])
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for pk in ids[1:21]:
        article_fetch(article_id=pk)
    prof.disable()
    t1 = time.perf_counter()
    prof2 = cProfile.Profile(); prof2.enable()
    for pk in ids[1:21]:
        article_suggest(article_id=pk)
    prof2.disable()
    t2 = time.perf_counter()
    print("fetch ms", (t1-t)/20*1000, "suggest ms", (t2-t1)/20*1000)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    pstats.Stats(prof2).sort_stats("cumulative").print_stats(30)

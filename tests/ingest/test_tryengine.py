from events.engine import engine_get
from events.ingest.samples import story
def test_try(reference):
    eng = engine_get()
    bad = 0
    for i in range(120):
        s = story(i, paragraphs=2)
        out = eng.extract({"id": str(i), "url": None, "outlet": None, "title": s.title, "published_at": s.published.date().isoformat(), "text": s.text})
        if not out: bad += 1; print(s.lead)
    print("without", bad)

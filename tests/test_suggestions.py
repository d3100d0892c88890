"""From article to stored suggestions: the engine over the database's reference
data, one event per real event, corroboration instead of duplicates."""
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.ingest.canonical import content_hash
from events.models import Actor, Article, Event, EventChange, Evidence, ReviewAction
from events.services.suggestions import article_suggest

pytestmark = pytest.mark.django_db

FIRST = ("Mali's transitional government on Monday ordered the French ambassador, Joel Meyer, to leave the "
         "country within 72 hours, after remarks by French officials that Bamako called hostile.")
SECOND = ("Bamako has expelled France's envoy. The Malian authorities gave ambassador Joel Meyer three days "
          "to leave on Monday, state television reported, in a sharp escalation of the dispute with Paris.")


def fetched(text: str, day=dt.datetime(2022, 2, 1, tzinfo=dt.timezone.utc), title="") -> Article:
    return Article.objects.create(text=text, title=title, content_hash=content_hash(text), published_at=day,
                                  status=Article.Status.FETCHED)


def test_an_article_becomes_suggested_events_with_evidence(reference):
    article = fetched(FIRST)
    result = article_suggest(article_id=article.pk)
    assert result.created and not result.corroborated
    event = Event.objects.get(pk=result.created[0])
    assert event.status == "suggested" and event.type.plover == "SANCTION"
    assert {(p.side, p.country.code) for p in event.participants.all() if p.country} >= {("source", "ML"), ("target", "FR")}
    evidence = event.evidence.get()
    assert FIRST[evidence.quote_start:evidence.quote_end] == evidence.quote
    assert event.date_min <= dt.date(2022, 1, 31) <= event.date_max
    assert ReviewAction.objects.filter(event=event, action="create").exists()
    article.refresh_from_db()
    assert article.status == "extracted"


def test_a_second_article_about_the_same_event_corroborates_it(reference):
    first = article_suggest(article_id=fetched(FIRST).pk)
    second = article_suggest(article_id=fetched(SECOND).pk)
    expelled = Event.objects.filter(type__slug="diplomats_expelled")
    assert expelled.count() == 1
    assert expelled.get().pk in first.created and expelled.get().pk in second.corroborated
    assert Evidence.objects.filter(event=expelled.get()).values("article").distinct().count() == 2


def test_suggesting_twice_adds_nothing(reference):
    article = fetched(FIRST)
    article_suggest(article_id=article.pk)
    counts = (Event.objects.count(), Evidence.objects.count())
    Article.objects.filter(pk=article.pk).update(status="fetched")  # as if delivered again before the first finished
    article_suggest(article_id=article.pk)
    assert (Event.objects.count(), Evidence.objects.count()) == counts


def test_a_gone_or_unfetched_article_is_left_alone(reference):
    assert article_suggest(article_id=987654321) is None
    queued = Article.objects.create(url="https://news.example/q", status="queued")
    assert article_suggest(article_id=queued.pk) is None


def test_a_person_the_reference_data_does_not_know_is_proposed_unverified(reference):
    text = ("Home Secretary Priti Patel was told she was not welcome at the Calais talks, France said on Sunday. "
            "Ruritanian Foreign Minister Anna Kowalczyk-Brandt accused France of bad faith on Sunday.")
    article_suggest(article_id=fetched(text, day=dt.datetime(2021, 11, 29, tzinfo=dt.timezone.utc)).pk)
    proposed = Actor.objects.filter(verified=False)
    assert all(a.kind == "person" for a in proposed)


def test_new_evidence_on_a_confirmed_event_is_a_change_in_the_feed(reference):
    first = article_suggest(article_id=fetched(FIRST).pk)
    Event.objects.filter(pk__in=first.created).update(status="confirmed")
    article_suggest(article_id=fetched(SECOND).pk)
    change = EventChange.objects.get()
    assert change.kind == "edited" and len(change.payload["sources"]) == 2


def test_suggest_events_prints_the_contract_and_writes_nothing(reference, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "url": None, "outlet": "x", "title": "", "published_at": "2022-02-01",
                                  "text": FIRST}) + "\n" + "not json\n")
    before = Event.objects.count()
    call_command("suggest_events", "--input", str(source))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "a1" and lines[0]["events"][0]["plover"] == "SANCTION"
    assert lines[1]["events"] == [] and "error" in lines[1]
    assert Event.objects.count() == before


def test_suggest_events_refuses_a_database_without_reference_data(db, tmp_path):
    from events.models import Country, Role

    Role.objects.all().delete()
    Actor.objects.exclude(parent=None).delete()  # bodies before their organisations
    Actor.objects.all().delete()
    Country.objects.all().delete()
    with pytest.raises(CommandError, match="no reference data"):
        call_command("suggest_events", "--input", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


def test_bench_extract_ends_with_one_json_line_of_figures(reference, capsys):
    call_command("bench_extract", "--articles", "5")
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["articles"] == 5 and figures["mean_characters"] > 2500
    assert set(figures) >= {"articles_per_s", "peak_rss_mb", "startup_s"}


def test_a_claimed_range_wider_than_a_year_is_narrowed_to_its_recent_end(reference):
    from events.services.suggestions import suggestions_store

    article = fetched(FIRST)
    suggestion = {"type": "accusation", "summary": "Mali accuses France", "date": "2020-01-01",
                  "date_min": "2020-01-01", "date_max": "2022-01-31", "date_precision": "year",
                  "source": [{"name": "Mali", "code": "ML"}], "target": [{"name": "France", "code": "FR"}],
                  "quote": FIRST[:20], "quote_start": 0, "quote_end": 20, "confidence": 0.4}
    event = Event.objects.get(pk=suggestions_store(article_id=article.pk, suggestions=[suggestion]).created[0])
    assert event.date_max == dt.date(2022, 1, 31) and (event.date_max - event.date_min).days == 366

"""The demo data, and `make run`'s embedded default: SQLite, eager Celery, a served app."""
import subprocess
import urllib.request

import pytest
from django.core.management import call_command

from events.models import Article, Event, Evidence, ReviewAction

from .processes import BIN, ROOT, process_env, running, spare_port, wait_until

pytestmark = pytest.mark.django_db


def test_demo_load_enters_the_channel_article_and_its_events_as_confirmed(reference, capsys):
    call_command("load_demo")
    line = capsys.readouterr().out.strip()
    article = Article.objects.get(is_demo=True)
    events = Event.objects.filter(is_demo=True)
    assert events.count() == 12 and set(events.values_list("status", flat=True)) == {"confirmed"}
    assert "editor login editor / editor-demo-2021" in line
    for evidence in Evidence.objects.filter(article=article):
        assert article.text[evidence.quote_start:evidence.quote_end] == evidence.quote
    withdrawn = events.get(type__slug="invitation_withdrawn")
    assert {(p.side, p.country.code) for p in withdrawn.participants.all()} == {("source", "FR"), ("target", "GB")}
    calais = events.get(type__slug="meeting")
    codes = {p.country.code if p.country else p.actor.code for p in calais.participants.all()}
    assert codes == {"FR", "NL", "BE", "EU"}
    assert ReviewAction.objects.filter(event__is_demo=True, action="confirm").count() == 12


def test_demo_load_twice_adds_nothing(reference):
    call_command("load_demo")
    counts = (Article.objects.count(), Event.objects.count(), Evidence.objects.count())
    call_command("load_demo")
    assert (Article.objects.count(), Event.objects.count(), Evidence.objects.count()) == counts


@pytest.mark.slow
def test_the_embedded_default_serves_the_demo_on_sqlite(tmp_path):
    env = process_env(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        env.pop(name, None)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    manage = [str(BIN / "python"), "manage.py"]
    for step in (["migrate", "--noinput"], ["load_reference"], ["load_demo"]):
        done = subprocess.run(manage + step, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert "editor login" in done.stdout
    port = spare_port()
    with running(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], env, tmp_path / "runserver.log"):
        body = wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/events/", timeout=5).read().decode(),
                          what="runserver")
    assert "Counterparts from France" not in body  # quotes live on event pages, summaries on the timeline
    assert "Ministers of France, the Netherlands, Belgium and the European Commission meet in Calais" in body


def test_demo_events_are_labelled_as_demo_data_on_the_pages(client, reference):
    call_command("load_demo")
    event = Event.objects.filter(is_demo=True).first()
    assert "demo data" in client.get("/events/").content.decode()
    assert "demo data" in client.get(f"/events/{event.pk}/").content.decode()

import datetime as dt

import pytest

from events.models import Actor, Country, EventType, Evidence, Participant
from events.services.tokens import token_create

from ..factories import ArticleFactory, EventFactory, UserFactory


@pytest.fixture
def record(reference):
    """Four confirmed events and one suggestion between real countries."""
    c = {code: Country.objects.get(code=code) for code in ("GB", "FR", "BE", "ML", "DZ", "MA")}
    types = {t.slug: t for t in EventType.objects.all()}
    macron = Actor.objects.get(slug="emmanuel-macron")

    def event(kind, summary, day, sides, status="confirmed", precision="day", span=0, actor=None):
        e = EventFactory(type=types[kind], summary=summary, date=day, date_min=day,
                         date_max=day + dt.timedelta(days=span), date_precision=precision, status=status)
        for side, code in sides:
            Participant.objects.create(event=e, side=side, country=c[code], actor=actor if code == "FR" else None)
        article = ArticleFactory(text=f"{summary}. More text.", title=summary)
        Evidence.objects.create(event=e, article=article, quote=summary, quote_start=0, quote_end=len(summary))
        return e

    return {
        "withdrawn": event("invitation_withdrawn", "France withdraws the UK's invitation to Calais talks",
                           dt.date(2021, 11, 26), [("source", "FR"), ("target", "GB")], actor=macron),
        "meeting": event("meeting", "France and Belgium meet in Calais", dt.date(2021, 11, 28),
                         [("participant", "FR"), ("participant", "BE")]),
        "expelled": event("diplomats_expelled", "Mali expels the French ambassador", dt.date(2022, 1, 31),
                          [("source", "ML"), ("target", "FR")]),
        "severed": event("relations_severed", "Algeria cuts ties with Morocco", dt.date(2021, 8, 16),
                         [("source", "DZ"), ("target", "MA")], precision="week", span=6),
        "pending": event("accusation", "Unreviewed accusation by France", dt.date(2021, 11, 29),
                         [("source", "FR"), ("target", "GB")], status="suggested"),
    }


@pytest.fixture
def reader_token(db):
    user = UserFactory(username="consumer")
    return token_create(user=user, name="sync", scope="read")[1]


@pytest.fixture
def editor_token(editor):
    return token_create(user=editor, name="desk", scope="editor")[1]

"""A small confirmed record for the analysts' pages: countries and types come
from the reference data, events are built with `add_event`."""
import datetime as dt

import pytest
from django.contrib.auth.models import Group

from events.models import Actor, Country, Event, EventType, Outlet, Participant, ReviewAction

from ..factories import ArticleFactory, EventFactory, EvidenceFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test accounts need no costly hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def groups(db):
    """The reader groups (a flushed database has lost the ones the migration made)."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ("analysts", "editors")}


@pytest.fixture
def reader(groups):
    return UserFactory(username="reader", groups=["analysts"])


@pytest.fixture
def add_event(reference):
    """Create a confirmed event: add_event("summary", "meeting", "2021-11-28",
    source=["GB"], target=["FR"], participant=[...], actors={"source": [actor]},
    precision="day", sources=1, status="confirmed")."""
    countries = {c.code: c for c in Country.objects.all()}
    types = {t.slug: t for t in EventType.objects.all()}
    outlet, _ = Outlet.objects.get_or_create(domain="news.example", defaults={"name": "News Example"})

    def make(summary, type_slug="meeting", day="2021-11-28", *, source=(), target=(), participant=(), actors=None,
             precision="day", sources=1, status=Event.Status.CONFIRMED, date_min=None, date_max=None, quote=None):
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        event = EventFactory(summary=summary, type=types[type_slug], date=day, status=status, date_precision=precision,
                             date_min=date_min or day, date_max=date_max or day)
        rows = [Participant(event=event, country=countries[code], side=side, text=countries[code].name)
                for side, codes in (("source", source), ("target", target), ("participant", participant)) for code in codes]
        for side, people in (actors or {}).items():
            rows += [Participant(event=event, actor=person, country=person.country, side=side, text=person.name)
                     for person in people]
        Participant.objects.bulk_create(rows)
        for n in range(sources):
            text = quote or f"{summary}, officials said."
            article = ArticleFactory(outlet=outlet, text=text, published_at=dt.datetime.combine(
                day, dt.time(9 + n), tzinfo=dt.timezone.utc))
            EvidenceFactory(event=event, article=article, quote=text, quote_start=0, quote_end=len(text))
        return event

    return make


@pytest.fixture
def person(reference):
    """A person with two roles, to appear in events."""
    return Actor.objects.get(slug="boris-johnson")


@pytest.fixture
def channel_record(add_event, person, editor_user):
    """Events between GB and FR in Nov 2021 plus a few around them."""
    events = {
        "letter": add_event("Johnson publishes a letter to Macron on Channel crossings", "letter_published",
                            "2021-11-25", source=["GB"], target=["FR"], actors={"source": [person]},
                            precision="week", date_min=dt.date(2021, 11, 24), date_max=dt.date(2021, 11, 28)),
        "withdrawn": add_event("France withdraws the UK's invitation to the Calais talks", "invitation_withdrawn",
                               "2021-11-26", source=["FR"], target=["GB"], sources=2),
        "calais": add_event("France, Belgium and the Netherlands meet in Calais", "meeting", "2021-11-28",
                            participant=["FR", "BE", "NL"]),
        "patrol": add_event("Frontex plane to patrol the Channel shores", "joint_operation", "2021-11-28",
                            participant=["GB", "FR"]),
        "fishing": add_event("France accuses the UK over fishing licences", "accusation", "2021-10-28",
                             source=["FR"], target=["GB"]),
        "month": add_event("Britain and France agree a migration deal", "agreement_reached", "2021-12-15",
                           participant=["GB", "FR"], precision="month",
                           date_min=dt.date(2021, 12, 1), date_max=dt.date(2021, 12, 31)),
        "germany": add_event("Germany and France hold talks on energy", "meeting", "2021-11-20",
                             participant=["DE", "FR"]),
        "suggested": add_event("An unreviewed suggestion about Calais", "meeting", "2021-11-27",
                               participant=["GB", "FR"], status=Event.Status.SUGGESTED),
    }
    ReviewAction.objects.create(event=events["withdrawn"], user=editor_user, action=ReviewAction.Action.CONFIRM,
                                after={"status": "confirmed", "type": "invitation_withdrawn"}, reason="two sources")
    return events


@pytest.fixture
def editor_user(groups):
    return UserFactory(username="editor-user", groups=["editors"])

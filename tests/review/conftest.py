"""Fixtures for the review queue: editors and analysts (groups recreated after a flush),
and suggestions built the way the engine stores them: participants, evidence, a `create` action."""
import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission

from events.models import Actor, Article, Country, Event, EventType, Evidence, Outlet, Participant, ReviewAction
from tests.factories import UserFactory

ARTICLE_TEXT = (
    "Tensions rose across the Channel this week.\n\n"
    "Paris withdrew the invitation for the UK to join weekend talks on migration, officials said on Friday. "
    "London called the decision regrettable.\n\n"
    "Ministers from France and Belgium met in Calais on Sunday."
)


def _group(name: str) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created and name == "editors":  # a flush removed the data migration's groups
        group.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename="change_event"))
    return group


@pytest.fixture
def groups(reference):
    return {name: _group(name) for name in ("editors", "analysts")}


@pytest.fixture
def other_editor(groups):
    return UserFactory(username="eve", groups=["editors"])


@pytest.fixture
def make_article(reference):
    def make(text: str = ARTICLE_TEXT, outlet: str = "Channel Times", published=dt.datetime(2021, 11, 29, 9, tzinfo=dt.timezone.utc), **extra):
        domain = outlet.lower().replace(" ", "") + ".example"
        outlet_row, _ = Outlet.objects.get_or_create(domain=domain, defaults={"name": outlet})
        count = Article.objects.count()
        return Article.objects.create(url=f"https://{domain}/story-{count}-{published:%s}", title=extra.pop("title", "Channel story"),
                                      text=text, outlet=outlet_row, published_at=published,
                                      status=Article.Status.EXTRACTED, **extra)
    return make


@pytest.fixture
def make_suggestion(make_article):
    """make_suggestion(type="invitation_withdrawn", source=["FR"], target=["GB"], quote="Paris withdrew ...")"""

    def make(*, type="invitation_withdrawn", source=("FR",), target=("GB",), participants=(), summary=None,
             date=dt.date(2021, 11, 26), date_min=None, date_max=None, precision="week", confidence=0.7,
             article=None, quote="Paris withdrew the invitation for the UK to join weekend talks on migration",
             status=Event.Status.SUGGESTED, actors=(), **extra):
        kind = EventType.objects.get(slug=type)
        article = article or make_article()
        low, high = date_min or date - dt.timedelta(days=2), date_max or date + dt.timedelta(days=2)
        event = Event.objects.create(type=kind, summary=summary or f"{kind.name}: {', '.join(source)} to {', '.join(target)}",
                                     date=date, date_min=low, date_max=high, date_precision=precision,
                                     confidence=confidence, status=status, **extra)
        countries = {c.code: c for c in Country.objects.filter(code__in=[*source, *target, *participants])}
        rows = [Participant(event=event, side=side, country=countries[code], text=countries[code].name)
                for side, codes in (("source", source), ("target", target), ("participant", participants)) for code in codes]
        rows += [Participant(event=event, side=side, actor=actor, country=actor.country, text=actor.name) for side, actor in actors]
        Participant.objects.bulk_create(rows)
        start = article.text.find(quote)
        assert start >= 0, "the quote must be in the article"
        Evidence.objects.create(event=event, article=article, quote=quote, quote_start=start, quote_end=start + len(quote))
        ReviewAction.objects.create(event=event, action=ReviewAction.Action.CREATE, after={"status": status})
        return event

    return make


@pytest.fixture
def new_actor(reference):
    """A person the engine proposed, not yet in the reference data."""
    return Actor.objects.create(slug="gerald-darmanyn", name="Gerald Darmanyn", kind=Actor.Kind.PERSON,
                                country=Country.objects.get(code="FR"), verified=False)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing a password the production way takes most of a second; these tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from events import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pass-for-tests-1")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actor

    slug = factory.Sequence(lambda n: f"actor-{n}")
    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = models.Actor.Kind.PERSON


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EventType
        django_get_or_create = ["slug"]

    slug = "meeting"
    name = "Meeting or talks"
    plover = "CONSULT"
    cameo = "040"
    goldstein = 1.0
    directed = False


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    type = factory.SubFactory(EventTypeFactory)
    summary = factory.Sequence(lambda n: f"Event {n}")
    date = dt.date(2021, 11, 28)
    date_min = factory.LazyAttribute(lambda o: o.date)
    date_max = factory.LazyAttribute(lambda o: o.date)
    status = models.Event.Status.CONFIRMED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "France and Belgium met in Calais on Sunday."
    status = models.Article.Status.EXTRACTED


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    event = factory.SubFactory(EventFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = "France and Belgium met"
    quote_start = 0
    quote_end = 22

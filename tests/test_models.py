"""Each invariant of the record is a database constraint: a violating write fails."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from events.models import Alias, Article, Event, Evidence, Participant, Role

from .factories import ActorFactory, ArticleFactory, CountryFactory, EventFactory

pytestmark = pytest.mark.django_db


def violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_article_with_a_duplicate_canonical_url_is_refused():
    ArticleFactory(url="https://news.example/a")
    assert violates(lambda: ArticleFactory(url="https://news.example/a"))


def test_article_with_a_duplicate_content_hash_is_refused():
    ArticleFactory(content_hash="a" * 64)
    assert violates(lambda: ArticleFactory(content_hash="a" * 64))


def test_article_with_neither_url_nor_text_is_refused():
    assert violates(lambda: Article.objects.create(url=None, text=""))


def test_event_with_date_min_after_date_max_is_refused():
    assert violates(lambda: EventFactory(date=dt.date(2021, 11, 28), date_min=dt.date(2021, 11, 29), date_max=dt.date(2021, 11, 27)))


def test_event_whose_date_falls_outside_its_range_is_refused():
    assert violates(lambda: EventFactory(date=dt.date(2021, 12, 5), date_min=dt.date(2021, 11, 28), date_max=dt.date(2021, 11, 29)))


def test_event_merged_into_itself_is_refused():
    event = EventFactory()
    assert violates(lambda: Event.objects.filter(pk=event.pk).update(status="merged", merged_into=event.pk))


def test_event_merged_without_a_survivor_is_refused():
    assert violates(lambda: EventFactory(status="merged", merged_into=None))


def test_event_merged_into_another_is_accepted():
    survivor = EventFactory()
    assert not violates(lambda: EventFactory(status="merged", merged_into=survivor))


def test_event_confidence_above_one_is_refused():
    assert violates(lambda: EventFactory(confidence=1.5))


def test_participant_with_neither_actor_nor_country_is_refused():
    event = EventFactory()
    assert violates(lambda: Participant.objects.create(event=event, side="source"))


def test_participant_with_a_country_only_is_accepted():
    event = EventFactory()
    assert not violates(lambda: Participant.objects.create(event=event, side="source", country=CountryFactory(code="QA")))


def test_evidence_with_inverted_offsets_is_refused():
    event, article = EventFactory(), ArticleFactory()
    assert violates(lambda: Evidence.objects.create(event=event, article=article, quote="x", quote_start=9, quote_end=3))


def test_the_same_quote_twice_on_one_event_is_refused():
    event, article = EventFactory(), ArticleFactory()
    Evidence.objects.create(event=event, article=article, quote="France", quote_start=0, quote_end=6)
    assert violates(lambda: Evidence.objects.create(event=event, article=article, quote="France", quote_start=0, quote_end=6))


def test_role_ending_before_it_starts_is_refused():
    actor, country = ActorFactory(), CountryFactory(code="QB")
    assert violates(lambda: Role.objects.create(actor=actor, office="head_of_state", title="President", country=country,
                                                start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1)))


def test_role_for_nowhere_is_refused():
    actor = ActorFactory()
    assert violates(lambda: Role.objects.create(actor=actor, office="head_of_state", title="President", start=dt.date(2020, 1, 1)))


def test_the_same_role_twice_is_refused():
    actor, country = ActorFactory(), CountryFactory(code="QC")
    fields = dict(actor=actor, office="head_of_state", title="President", country=country, start=dt.date(2020, 1, 1))
    Role.objects.create(**fields)
    assert violates(lambda: Role.objects.create(**fields))


def test_alias_pointing_at_both_a_country_and_an_actor_is_refused():
    assert violates(lambda: Alias.objects.create(text="X", country=CountryFactory(code="QD"), actor=ActorFactory()))


def test_event_claiming_a_range_wider_than_a_year_is_refused():
    assert violates(lambda: EventFactory(date=dt.date(2020, 1, 1), date_min=dt.date(2020, 1, 1), date_max=dt.date(2021, 6, 1)))

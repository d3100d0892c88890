import pytest
from rest_framework.test import APIClient

from events.models import Country
from events.services import reference_load

from .factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; tests roll back to it."""
    with django_db_blocker.unblock():
        reference_load()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (throttles, cached API answers)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def reference(db):
    """The reference data; reloaded if a transactional test flushed the database."""
    if not Country.objects.exists():
        reference_load()


@pytest.fixture
def editor(db):
    return UserFactory(username="ed", groups=["editors"])


@pytest.fixture
def analyst(db):
    return UserFactory(username="ana", groups=["analysts"])


@pytest.fixture
def api_client():
    return APIClient()

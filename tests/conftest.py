import pytest


def pytest_configure(config):
    """A fast password hasher: every test user otherwise costs a second of hashing."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; tests roll back to it."""
    from events.services import reference_load

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
    """The reference data and the user groups; reloaded if a transactional test flushed the database."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from events.models import Country
    from events.services import reference_load

    if not Country.objects.exists():
        reference_load()
    if not Group.objects.filter(name="editors").exists():
        importlib.import_module("events.migrations.0002_groups").create_groups(apps, None)


@pytest.fixture
def editor(reference):
    from .factories import UserFactory

    return UserFactory(username="ed", groups=["editors"])


@pytest.fixture
def analyst(reference):
    from .factories import UserFactory

    return UserFactory(username="ana", groups=["analysts"])


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()

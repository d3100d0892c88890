"""Fixtures for the ingestion tests: a local news server, the fetcher allowed to
reach it, eager Celery for in-process pipelines, and real brokers and workers
for the slow tests."""
import contextlib
import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from events.ingest.samples import story, story_html
from tracker.celery import app

from ..factories import UserFactory
from .server import NewsServer, Reply

LOCAL = ["127.0.0.1/32"]


@pytest.fixture
def news():
    with NewsServer() as server:
        yield server


@pytest.fixture
def allow_local():
    """The fetcher may reach 127.0.0.1 (the news server) and nothing else private."""
    with override_settings(FETCH_ALLOWED_NETWORKS=LOCAL):
        yield


@pytest.fixture
def eager():
    """Tasks run in this process as they are sent (retries at once, without waiting)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what the code under test sends after commit (and what that sends), as a worker would."""
    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
    return run


@pytest.fixture
def editor_user(db):
    Group.objects.get_or_create(name="editors")
    return UserFactory(username="ingest-editor", groups=["editors"])


def serve_story(news: NewsServer, index: int, *, paragraphs: int = 2, **reply) -> str:
    item = story(index, paragraphs=paragraphs)
    return news.add(item.path, Reply(story_html(item), **reply))


def day(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)

"""The suggestion engine compiled from the database, kept once per process.

Compiling the gazetteer takes a moment, so each process keeps one engine and
recompiles it when the reference data changes: every save of a country, alias,
actor, role or event type bumps a version number in the shared cache.
"""
import threading

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Actor, Alias, Country, EventType, Role
from .selectors import event_type_rows, gazetteer_data

VERSION_KEY = "reference-data-version"
_lock = threading.Lock()
_cached: dict = {"version": None, "engine": None}


class NoReferenceData(RuntimeError):
    """The database holds no reference data, so the engine cannot recognise anything."""


def reference_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


@receiver([post_save, post_delete], sender=Country)
@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=Actor)
@receiver([post_save, post_delete], sender=Role)
@receiver([post_save, post_delete], sender=EventType)
def reference_changed(**kwargs) -> None:
    """Tell every process's engine to recompile (bulk loads call this themselves)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet in this cache
        cache.set(VERSION_KEY, 2, timeout=None)


def engine_build():
    """A new engine from the database's reference data."""
    from .extraction import Engine

    if not Country.objects.exists() or not EventType.objects.exists():
        raise NoReferenceData("the database has no reference data: run `python manage.py load_reference`")
    return Engine.from_data(gazetteer=gazetteer_data(), event_types=event_type_rows())


def engine_get():
    """The process's engine, rebuilt when the reference data has changed."""
    version = reference_version()
    with _lock:
        if _cached["engine"] is None or _cached["version"] != version:
            _cached["engine"], _cached["version"] = engine_build(), version
        return _cached["engine"]

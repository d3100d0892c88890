"""A cache for reads of the public record, keyed by the record's version.

The version is the pages' record stamp (the newest event id and the latest
`updated_at`, which every write of an event moves) plus the reference data's
version: anything that changes what a confirmed event reads like (confirm,
edit, merge, retraction, a new source, a renamed country) moves it, so a cached
answer is never stale; it is simply never asked for again."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from rest_framework.response import Response

from ..engine import reference_version
from ..models import Event
from ..selectors.events import record_stamp


def record_version() -> str:
    return f"{record_stamp()}.{reference_version()}"


def cache_key(request) -> str | None:
    """None when the answer may differ by who asks (editors asking for other statuses)."""
    if not settings.API_CACHE_SECONDS:
        return None
    statuses = request.query_params.getlist("status")
    if statuses and statuses != [Event.Status.CONFIRMED]:
        return None
    query = "&".join(sorted(f"{k}={v}" for k, values in request.query_params.lists() for v in values))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    return f"api:{record_version()}:{digest}"


class RecordCacheMixin:
    """Serve GET answers of the public record from the cache when the record has not changed."""

    def cached(self, request, compute):
        key = cache_key(request)
        if key is not None:
            data = cache.get(key)
            if data is not None:
                return Response(data)
        response = compute()
        if key is not None and response.status_code == 200:
            cache.set(key, response.data, settings.API_CACHE_SECONDS)
        return response

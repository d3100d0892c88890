"""A cache for reads of the public record, keyed by the record's version.

The version is the pages' record stamp (the newest event id and the latest
`updated_at`, which every write of an event moves) plus the reference data's
version: anything that changes what a confirmed event reads like (confirm,
edit, merge, retraction, a new source, a renamed country) moves it, so a cached
answer is never stale; it is simply never asked for again."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

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
    """Serve GET answers of the public record from the cache when the record has
    not changed. The rendered JSON is kept, so a hit costs a key and a copy."""

    def cached(self, request, compute):
        key = cache_key(request)
        renderer = getattr(request, "accepted_renderer", None)
        if key is None or renderer is None or renderer.format != "json":  # the browsable page renders anew
            return compute()
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body, content_type="application/json")
        response = compute()
        if response.status_code == 200:
            cache.set(key, JSONRenderer().render(response.data), settings.API_CACHE_SECONDS)
        return response

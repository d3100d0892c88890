from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health
from .browse.access import can_read_record
from .selectors import event_timeline
from .selectors.events import cached_read, record_counts


def home(request):
    """What the app is; the record's size and latest events for those who may read it."""
    context = {"can_read": can_read_record(request.user)}
    if context["can_read"]:
        context.update(counts=cached_read(record_counts), latest=event_timeline()[:5])
    return render(request, "events/home.html", context)


@never_cache
def healthz(request):
    """Database and broker status as JSON; 503 when either is down, for load balancers and compose."""
    checks = {"database": health.database_status(), "broker": health.broker_status()}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "down", **checks}, status=200 if ok else 503)

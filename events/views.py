from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health
from .models import Event
from .selectors import event_timeline


def home(request):
    counts = {
        "confirmed": Event.objects.filter(status=Event.Status.CONFIRMED).count(),
        "suggested": Event.objects.filter(status=Event.Status.SUGGESTED).count(),
    }
    return render(request, "events/home.html", {"counts": counts, "latest": event_timeline()[:5]})


@never_cache
def healthz(request):
    """Database and broker status as JSON; 503 when either is down, for load balancers and compose."""
    checks = {"database": health.database_status(), "broker": health.broker_status()}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "down", **checks}, status=200 if ok else 503)

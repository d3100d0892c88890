"""Pages for analysts: the confirmed record."""
from django.core.paginator import Paginator
from django.shortcuts import render

from ..selectors import event_timeline


def timeline(request):
    page = Paginator(event_timeline(), 50).get_page(request.GET.get("page"))
    return render(request, "events/timeline.html", {"page": page})

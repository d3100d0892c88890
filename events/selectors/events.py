"""The record as pages and feeds read it."""
from django.db.models import Count, Prefetch, QuerySet

from ..models import Event, Participant


def event_timeline(*, statuses: tuple[str, ...] = (Event.Status.CONFIRMED,)) -> QuerySet[Event]:
    """Events newest first with their type, participants and source count, in a fixed number of queries."""
    participants = Participant.objects.select_related("actor", "country").order_by("side", "id")
    return (
        Event.objects.filter(status__in=statuses)
        .select_related("type")
        .prefetch_related(Prefetch("participants", queryset=participants))
        .annotate(source_count=Count("evidence__article", distinct=True))
        .order_by("-date", "-id")
    )

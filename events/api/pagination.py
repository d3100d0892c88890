"""Cursor pagination with a stable order (a unique last key) and a capped page size."""
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from rest_framework.pagination import CursorPagination

from ..selectors.timeline.filters import FEW


class StableCursorPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE


def by_date(queryset):
    """The sort key of events: their date; or, narrowed to a few known ids (see
    selectors.timeline.filters.newest_first), the same date through COALESCE, so
    PostgreSQL sorts those rows instead of walking the date index to reach them."""
    if FEW in queryset.query.annotations:
        return queryset.annotate(day=Coalesce("date", "date"))
    return queryset.annotate(day=F("date"))


class EventCursorPagination(StableCursorPagination):
    """Newest events first; the id breaks ties between events of one day."""

    ordering = ("-day", "-id")


class NameCursorPagination(StableCursorPagination):
    ordering = ("name", "id")

"""Cursor pagination with a stable order (a unique last key) and a capped page size."""
from django.conf import settings
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    ordering = "-id"
    page_size_query_param = "page_size"

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE


class EventCursorPagination(StableCursorPagination):
    """Newest events first; the id breaks ties between events of one day."""

    ordering = ("-date", "-id")


class NameCursorPagination(StableCursorPagination):
    ordering = ("name", "id")

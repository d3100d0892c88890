"""Bulk exports of any events filter, streamed: rows are read in chunks with
their relations prefetched per chunk, so memory stays flat however many match."""
import json

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from ..browse.export import export_rows
from ..models import Event
from ..selectors import event_timeline
from .events import filtered_events
from .bulk import event_rows

CHUNK = 2000


def jsonl_lines(queryset):
    for event in event_rows(queryset, chunk=CHUNK):
        yield json.dumps(event, ensure_ascii=False) + "\n"


class JsonLinesExportView(APIView):
    """Every event of a filter (the events list's parameters), one JSON object a
    line, in the list's order and shape. Streamed; no paging."""

    @extend_schema(responses={(200, "application/x-ndjson"): OpenApiTypes.STR})
    def get(self, request):
        queryset = filtered_events(request)  # validates the filter before streaming starts
        response = StreamingHttpResponse(jsonl_lines(queryset), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="events.jsonl"'
        return response


class CsvExportView(APIView):
    """Every event of a filter (the events list's parameters) as CSV, one row an
    event with its sides, codes and number of sources; the same columns as the
    timeline's download, without its row limit. Streamed."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        queryset = filtered_events(request, base=event_timeline(statuses=tuple(Event.Status.values)))
        response = StreamingHttpResponse(export_rows(queryset, limit=None), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="events.csv"'
        return response

"""Read endpoints of the public record and the change feed."""
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Actor, Alias, Country, EventType, Role
from ..services.changes import changes_after
from .pagination import NameCursorPagination, StableCursorPagination
from .serializers import (
    ActorSerializer, ChangePageSerializer, ChangeSerializer, CountrySerializer, EventTypeSerializer,
)


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Every ISO 3166-1 country, by its alpha-2 code."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    pagination_class = NameCursorPagination
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    filterset_fields = ["code"]

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


class EventTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The event taxonomy: PLOVER family, CAMEO code and Goldstein weight of each type."""

    queryset = EventType.objects.all()
    serializer_class = EventTypeSerializer
    pagination_class = StableCursorPagination
    lookup_field = "slug"
    filterset_fields = ["plover", "directed"]


class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    """People, government bodies and international organisations, with their roles."""

    queryset = Actor.objects.select_related("country").prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.order_by("text")),
        Prefetch("roles", queryset=Role.objects.select_related("country", "organisation").order_by("-start")),
    )
    serializer_class = ActorSerializer
    pagination_class = NameCursorPagination
    lookup_field = "slug"
    filterset_fields = ["kind", "code", "verified"]


class ChangeFeedView(APIView):
    """Every change to the public record, in an order that never skips one.

    Start without `after`; then ask with `after=<next>` until `has_more` is false,
    and again later for what happened since. `confirmed` and `edited` carry the
    event as it now reads; `merged` names the surviving event; `retracted` means
    the event has left the record (rejected after confirmation, or reopened)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("after", OpenApiTypes.STR, description="the `next` cursor of the previous page"),
            OpenApiParameter("limit", OpenApiTypes.INT, description="changes per page, 1 to 1000 (default 200)"),
        ],
        responses=ChangePageSerializer,
        examples=[OpenApiExample("A page", value={"results": [], "next": "812", "has_more": False})],
    )
    def get(self, request):
        try:
            limit = int(request.query_params.get("limit", 200))
        except ValueError:
            raise ValidationError({"limit": "must be a whole number from 1 to 1000"})
        if not 1 <= limit <= 1000:
            raise ValidationError({"limit": "must be a whole number from 1 to 1000"})
        try:
            rows = changes_after(cursor=request.query_params.get("after"), limit=limit + 1)
        except ValueError as error:
            raise ValidationError({"after": str(error)})
        has_more = len(rows) > limit
        rows = rows[:limit]
        data = ChangeSerializer(rows, many=True).data
        return Response({"results": data, "next": data[-1]["cursor"] if data else request.query_params.get("after"),
                         "has_more": has_more})


class PingView(APIView):
    """A trivial endpoint: the floor that benchmarks compare the others with."""

    permission_classes: list = []
    throttle_classes: list = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({"ok": True})

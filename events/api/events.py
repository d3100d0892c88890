"""The confirmed record for API consumers: events with filters, a pair's
relations over time, and bulk exports of any filter."""
import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import MAX_RANGE, Country, Event
from ..selectors.timeline import EventFilterSet, dyad_relations, involving
from ..services.changes import events_for_payload
from .cache import RecordCacheMixin
from .pagination import EventCursorPagination, by_date
from .permissions import is_editor
from .serializers import EventSerializer


class ApiEventFilterSet(EventFilterSet):
    """The timeline's filters, plus what consumers ask for: several countries, a
    dyad, dates against the event's whole range, changes since a time, and a
    status for editors."""

    country = django_filters.CharFilter(method="filter_countries", label="Country codes (repeatable, or comma-separated)")
    dyad = django_filters.CharFilter(method="filter_dyad", label="A pair of countries, e.g. GB-FR")
    date_from = django_filters.DateFilter(method="filter_range_end",
                                          label="Events whose date range ends on or after this day")
    date_to = django_filters.DateFilter(method="filter_range_start",
                                        label="Events whose date range starts on or before this day")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                                     label="Changed at or after this time (ISO 8601)")
    status = django_filters.MultipleChoiceFilter(choices=Event.Status.choices, method="filter_noop",
                                                 label="Statuses (editors only; default confirmed)")

    # The bound on `date` says nothing new (no range is wider than MAX_RANGE) but
    # lets PostgreSQL walk the date index from the right place instead of from today.
    def filter_range_end(self, queryset, name, value):
        return queryset.filter(date_max__gte=value, date__gte=value - MAX_RANGE)

    def filter_range_start(self, queryset, name, value):
        return queryset.filter(date_min__lte=value, date__lte=value + MAX_RANGE)

    def filter_noop(self, queryset, name, value):
        return queryset  # applied by the view, which knows who asks

    def _countries(self, value: str, name: str) -> list[Country]:
        codes = [c.strip().upper() for c in value.replace("-", ",").split(",") if c.strip()]
        found = {c.code: c for c in Country.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise DjangoValidationError({name: f"Unknown country code: {', '.join(unknown)}."})
        return [found[c] for c in codes]

    def filter_countries(self, queryset, name, value):
        values = self.data.getlist("country") if hasattr(self.data, "getlist") else [value]
        countries = {c for item in values for c in self._countries(item, "country")}
        return involving(queryset, country__in=countries)

    def filter_dyad(self, queryset, name, value):
        pair = self._countries(value, "dyad")
        if len(pair) != 2 or pair[0] == pair[1]:
            raise DjangoValidationError({"dyad": "Give two different country codes, e.g. GB-FR."})
        return involving(involving(queryset, country=pair[0]), country=pair[1])


def filtered_events(request, base=None):
    """Events visible to this request, narrowed by its filter parameters.

    Confirmed only, unless an editor asks for other statuses."""
    statuses = request.query_params.getlist("status") or [Event.Status.CONFIRMED]
    if statuses != [Event.Status.CONFIRMED] and not is_editor(request):
        raise ValidationError({"status": "Only editors may ask for events other than confirmed ones."})
    queryset = (base if base is not None else events_for_payload()).filter(status__in=statuses)
    filterset = ApiEventFilterSet(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    try:
        queryset = filterset.qs
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict)
    return by_date(queryset)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("country", OpenApiTypes.STR, many=True, description="ISO 3166-1 alpha-2; repeatable"),
        OpenApiParameter("status", OpenApiTypes.STR, many=True, enum=Event.Status.values,
                         description="editors only; default confirmed"),
    ]),
)
class EventViewSet(RecordCacheMixin, viewsets.ReadOnlyModelViewSet):
    """Confirmed events, newest first, each with its participants by side, its
    dates and their precision, its type (PLOVER, CAMEO, Goldstein) and its
    sources with the quoted evidence."""

    serializer_class = EventSerializer
    pagination_class = EventCursorPagination
    filterset_class = None  # applied in get_queryset, where the status rule lives

    def get_queryset(self):
        if self.action == "retrieve":
            return events_for_payload()
        return filtered_events(self.request)

    def list(self, request, *args, **kwargs):
        return self.cached(request, lambda: super(EventViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        if is_editor(request):  # editors may open suggestions too: not the public answer
            return super().retrieve(request, *args, **kwargs)
        return self.cached(request, lambda: super(EventViewSet, self).retrieve(request, *args, **kwargs))

    def get_object(self):
        event = events_for_payload().filter(pk=self.kwargs["pk"]).first() if str(self.kwargs["pk"]).isdigit() else None
        if event is None or (event.status != Event.Status.CONFIRMED and not is_editor(self.request)):
            raise NotFound("No confirmed event with this id.")
        return event


class RelationsQuery(serializers.Serializer):
    interval = serializers.ChoiceField(choices=["week", "month"], default="month")
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class RelationsPoint(serializers.Serializer):
    period = serializers.DateField()
    period_end = serializers.DateField()
    events = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="events per PLOVER family")
    cooperation = serializers.IntegerField()
    conflict = serializers.IntegerField()
    goldstein_mean = serializers.FloatField(allow_null=True)


class RelationsView(RecordCacheMixin, APIView):
    """How relations between two countries moved, per week or month: confirmed
    events counted by PLOVER family and the mean Goldstein weight."""

    @extend_schema(parameters=[RelationsQuery], responses=RelationsPoint(many=True))
    def get(self, request, a: str, b: str):
        return self.cached(request, lambda: self.compute(request, a, b))

    def compute(self, request, a: str, b: str):
        query = RelationsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        a, b = a.upper(), b.upper()
        found = dict(Country.objects.filter(code__in=[a, b]).values_list("code", "pk"))
        missing = [c for c in (a, b) if c not in found]
        if missing:
            raise NotFound(f"Unknown country code: {', '.join(missing)}.")
        if a == b:
            raise ValidationError({"b": "Give two different countries."})
        try:
            series = dyad_relations(a=a, b=b, **query.validated_data)
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages})
        return Response(RelationsPoint(series, many=True).data)

"""The review actions over HTTP: POST /api/v1/suggestions/{id}/confirm|reject|merge|reopen/
and /suggestions/reject-bulk/, with input serializers over the same services as the queue.

Editors only, and through an API token only with the editor scope (403
otherwise). Errors follow the API's shape, `{"error": message, "status": code}`:
400 for bad input (with `fields`), 403, 404 for an unknown event, 409 with the
event's `current` state when the action conflicts with it.
"""
from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ..models import Actor, Country, Event, EventType, Family, Participant
from ..selectors.review import review_event_rows, review_queue, review_queue_filter
from ..services.review import (
    REJECT_REASONS, ReviewConflict, ReviewInvalid, event_merge, event_reopen, suggestion_confirm, suggestion_reject,
    suggestions_reject_bulk,
)
from ..api.permissions import EditorOnly
from .forms import reject_reason

# Output -------------------------------------------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    side = serializers.CharField()
    country = serializers.CharField(source="country.code", default=None)
    actor = serializers.CharField(source="actor.slug", default=None)
    actor_name = serializers.CharField(source="actor.name", default=None)
    actor_verified = serializers.BooleanField(source="actor.verified", default=None)
    text = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    url = serializers.CharField(source="article.url")
    title = serializers.CharField(source="article.title")
    outlet = serializers.CharField(source="article.outlet.name", default=None)
    published_at = serializers.DateTimeField(source="article.published_at")
    quote = serializers.CharField()
    quote_start = serializers.IntegerField()
    quote_end = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    revision = serializers.IntegerField()
    type = serializers.CharField(source="type.slug")
    family = serializers.CharField(source="type.plover")
    summary = serializers.CharField()
    date = serializers.DateField()
    date_min = serializers.DateField()
    date_max = serializers.DateField()
    date_precision = serializers.CharField()
    location = serializers.CharField()
    confidence = serializers.FloatField()
    merged_into = serializers.IntegerField(source="merged_into_id")
    reviewed_by = serializers.CharField(source="reviewed_by.username", default=None)
    reviewed_at = serializers.DateTimeField()
    participants = ParticipantSerializer(many=True)
    evidence = EvidenceSerializer(many=True)


class ReviewResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField()
    message = serializers.CharField()
    changed_events = serializers.ListField(child=serializers.IntegerField(), source="changed_event_ids")
    evidence_moved = serializers.ListField(child=serializers.IntegerField())
    event = SuggestionSerializer()


# Input --------------------------------------------------------------------------------------------------------------

class ParticipantInput(serializers.Serializer):
    side = serializers.ChoiceField(choices=Participant.Side.choices)
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True)
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def validate(self, data):
        if not data.get("country") and not data.get("actor"):
            raise serializers.ValidationError("Give a country code or an actor slug.")
        return data


class NewActorInput(serializers.Serializer):
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all(),
                                         help_text="The proposed (unverified) actor of this event.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Corrected name, to confirm it.")
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True)
    link_to = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.filter(verified=True), required=False,
                                           allow_null=True, help_text="A known actor it is, instead of confirming it.")


class RevisionInput(serializers.Serializer):
    revision = serializers.IntegerField(required=False, min_value=0, allow_null=True, default=None,
                                        help_text="The revision you saw: the action is refused (409) if it moved since.")


class ConfirmInput(RevisionInput):
    type = serializers.SlugRelatedField(slug_field="slug", queryset=EventType.objects.all(), required=False)
    summary = serializers.CharField(required=False, max_length=300)
    date = serializers.DateField(required=False)
    date_min = serializers.DateField(required=False)
    date_max = serializers.DateField(required=False)
    date_precision = serializers.ChoiceField(choices=Event.Precision.choices, required=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    participants = ParticipantInput(many=True, required=False, allow_empty=False)
    new_actors = NewActorInput(many=True, required=False)

    def changes(self) -> dict:
        """The edit in the shape suggestion_confirm takes."""
        data = dict(self.validated_data)
        data.pop("revision", None)
        changes = {key: data[key] for key in ("summary", "date", "date_min", "date_max", "date_precision", "location") if key in data}
        if "type" in data:
            changes["type_id"] = data["type"].pk
        if "participants" in data:
            changes["participants"] = [
                {"side": p["side"], "country_id": p["country"].pk if p.get("country") else None,
                 "actor_id": p["actor"].pk if p.get("actor") else None, "text": p.get("text", "")}
                for p in data["participants"]]
        if data.get("new_actors"):
            changes["new_actors"] = {
                a["actor"].pk: ({"link_to": a["link_to"].pk} if a.get("link_to") else
                                {"name": a.get("name", ""), "country_id": a["country"].pk if a.get("country") else None})
                for a in data["new_actors"]}
        return changes


class RejectInput(RevisionInput):
    reason = serializers.ChoiceField(choices=REJECT_REASONS)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    def validate(self, data):
        if data["reason"] == "other" and not data.get("note", "").strip():
            raise serializers.ValidationError({"note": "Say why, when the reason is other."})
        return data

    def reason_text(self) -> str:
        return reject_reason(self.validated_data["reason"], self.validated_data.get("note", ""))


class MergeInput(RevisionInput):
    into = serializers.IntegerField(min_value=1, help_text="The surviving event's id.")

    def validate_into(self, value):
        if not Event.objects.filter(pk=value).exists():
            raise serializers.ValidationError(f"There is no event #{value}.")
        return value


class ReopenInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class BulkRejectInput(RejectInput):
    revision = None
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)


class BulkRejectResultSerializer(serializers.Serializer):
    rejected = serializers.ListField(child=serializers.IntegerField())
    unchanged = serializers.ListField(child=serializers.IntegerField())
    conflicts = serializers.DictField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.IntegerField())


# Views --------------------------------------------------------------------------------------------------------------

class SuggestionFilter(django_filters.FilterSet):
    """The queue's filters; the selector applies them."""

    country = django_filters.CharFilter(method="noop", help_text="ISO code of a country on any side")
    type = django_filters.CharFilter(method="noop", help_text="event type slug")
    family = django_filters.ChoiceFilter(choices=Family.choices, method="noop")
    outlet = django_filters.NumberFilter(method="noop")
    date_from = django_filters.DateFilter(method="noop")
    date_to = django_filters.DateFilter(method="noop")
    confidence_min = django_filters.NumberFilter(method="noop")
    article = django_filters.NumberFilter(method="noop")

    class Meta:
        model = Event
        fields: list = []

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = {key: value for key, value in self.form.cleaned_data.items() if value not in (None, "")}
        if "type" in data:
            data["event_type"] = data.pop("type")
        for key in ("outlet", "article"):
            if key in data:
                data[key] = int(data[key])
        if "confidence_min" in data:
            data["confidence_min"] = float(data["confidence_min"])
        return review_queue_filter(queryset, **data)


CONFLICT = inline_serializer("ReviewConflict", fields={
    "error": serializers.CharField(), "status": serializers.IntegerField(),
    "current": inline_serializer("ReviewCurrentState", fields={
        "id": serializers.IntegerField(), "status": serializers.CharField(), "revision": serializers.IntegerField(),
        "merged_into": serializers.IntegerField(allow_null=True), "reviewed_by": serializers.CharField(allow_null=True),
        "reviewed_at": serializers.DateTimeField(allow_null=True)})})
ACTION_RESPONSES = {200: ReviewResultSerializer, 409: CONFLICT}


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Suggestions awaiting review, newest first (list), any event by id (retrieve), and the review actions."""

    permission_classes = [EditorOnly]
    lookup_value_regex = r"\d+"
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter

    def get_queryset(self):
        return review_queue() if self.action == "list" else review_event_rows()

    def _answer(self, call):
        try:
            result = call()
        except Event.DoesNotExist:
            raise NotFound("No such event.")
        except ReviewConflict as conflict:
            return Response({"error": conflict.message, "status": 409, "current": conflict.state},
                            status=status.HTTP_409_CONFLICT)
        except ReviewInvalid as invalid:
            return Response({"error": invalid.message, "status": 400, "fields": invalid.errors},
                            status=status.HTTP_400_BAD_REQUEST)
        event = review_event_rows().get(pk=result.event_id)
        payload = {"changed": result.changed, "message": result.message, "changed_event_ids": list(result.changed_event_ids),
                   "evidence_moved": list(result.evidence_moved), "event": event}
        return Response(ReviewResultSerializer(payload).data)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer

    @extend_schema(request=ConfirmInput, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        data = self._input(ConfirmInput)
        return self._answer(lambda: suggestion_confirm(event_id=int(pk), user=request.user, changes=data.changes(),
                                                       revision=data.validated_data.get("revision")))

    @extend_schema(request=RejectInput, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = self._input(RejectInput)
        return self._answer(lambda: suggestion_reject(event_id=int(pk), user=request.user, reason=data.reason_text(),
                                                      revision=data.validated_data.get("revision")))

    @extend_schema(request=MergeInput, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        data = self._input(MergeInput)
        return self._answer(lambda: event_merge(event_id=int(pk), into_id=data.validated_data["into"], user=request.user,
                                                revision=data.validated_data.get("revision")))

    @extend_schema(request=ReopenInput, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = self._input(ReopenInput)
        return self._answer(lambda: event_reopen(event_id=int(pk), user=request.user, reason=data.validated_data["reason"]))

    @extend_schema(request=BulkRejectInput, responses=BulkRejectResultSerializer)
    @action(detail=False, methods=["post"], url_path="reject-bulk")
    def reject_bulk(self, request):
        data = self._input(BulkRejectInput)
        result = suggestions_reject_bulk(event_ids=data.validated_data["ids"], user=request.user, reason=data.reason_text())
        return Response(BulkRejectResultSerializer(result).data)

"""Articles through the API: editors submit a URL or a text and follow its status.

POST answers 201 with a new article, or 200 with the existing one when the
URL (once canonical) or the text was already submitted.
"""
import datetime as dt

from django.db.models import Count
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ..ingest.progress import article_progress
from ..models import Article
from ..services.articles import SubmissionError, article_submit
from .pagination import StableCursorPagination
from .permissions import EditorOnly


@extend_schema_field({"type": "string", "format": "date-time", "example": "2024-03-09"})
class DateOrDateTimeField(serializers.Field):
    """An ISO 8601 date ("2024-03-09", read as midnight UTC) or date-time."""

    default_error_messages = {"invalid": "Use an ISO 8601 date (2024-03-09) or date-time (2024-03-09T10:00:00Z)."}

    def to_internal_value(self, value):
        text = str(value).strip()
        try:
            when = parse_datetime(text)
            if when is None and (day := parse_date(text)) is not None:
                when = dt.datetime.combine(day, dt.time())
        except ValueError:
            when = None
        if when is None:
            self.fail("invalid")
        return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)

    def to_representation(self, value):
        return value.isoformat()


class ArticleSubmitSerializer(serializers.Serializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    text = serializers.CharField(required=False, allow_blank=True, max_length=500_000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                   help_text='Name or web address ("lemonde.fr").')
    published_at = DateOrDateTimeField(required=False, allow_null=True)

    def validate(self, data):
        url, text = data.get("url", "").strip(), data.get("text", "").strip()
        if url and text:
            raise ValidationError("Give either `url` or `text`, not both.")
        if not url and not text:
            raise ValidationError("Give `url` (an article to fetch) or `text` (the article itself).")
        if url and any(data.get(name) for name in ("title", "outlet", "published_at")):
            raise ValidationError("`title`, `outlet` and `published_at` go with `text`; a URL's page gives them.")
        return data


class ArticleSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    summary = serializers.CharField()
    type = serializers.CharField(source="type.slug")
    date = serializers.DateField()
    status = serializers.CharField()


STATUS_HELP = "queued, fetched, extracted or failed"


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    stage = serializers.SerializerMethodField(help_text="queued, fetching, extracting, extracted or failed")
    progress = serializers.SerializerMethodField(help_text="The stage in words, for a person.")
    suggestions = serializers.SerializerMethodField(
        help_text="Events with evidence from this article (once extracted).")

    class Meta:
        model = Article
        fields = ["id", "url", "source_url", "title", "outlet", "published_at", "status", "stage", "progress", "error",
                  "attempts", "suggestions", "created_at", "fetched_at", "extracted_at"]
        read_only_fields = fields

    def _progress(self, article):
        cache = self.context.setdefault("progress", {})
        if article.pk not in cache:
            cache[article.pk] = article_progress(article)
        return cache[article.pk]

    def get_stage(self, article) -> str:
        return self._progress(article).stage

    def get_progress(self, article) -> str:
        return self._progress(article).label

    @extend_schema_field(ArticleSuggestionSerializer(many=True))
    def get_suggestions(self, article) -> list[dict]:
        return ArticleSuggestionSerializer(self._progress(article).events, many=True).data


class ArticleListSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    suggestion_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "url", "title", "outlet", "published_at", "status", "error", "attempts", "suggestion_count",
                  "created_at"]
        read_only_fields = fields


class ArticleViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                     viewsets.GenericViewSet):
    """Articles for editors: submit one (`url`, or `text` with optional `title`, `outlet`
    and `published_at`), follow its status, or list the latest (`?status=failed`)."""

    permission_classes = [EditorOnly]
    pagination_class = StableCursorPagination
    filterset_fields = ["status", "feed"]

    def get_queryset(self):
        articles = Article.objects.select_related("outlet")
        if self.action == "list":
            articles = articles.annotate(suggestion_count=Count("evidence__event", distinct=True))
        return articles

    def get_serializer_class(self):
        return {"list": ArticleListSerializer, "create": ArticleSubmitSerializer}.get(self.action, ArticleSerializer)

    @extend_schema(
        request=ArticleSubmitSerializer, responses={201: ArticleSerializer, 200: ArticleSerializer},
        examples=[OpenApiExample("A URL", value={"url": "https://www.example.com/world/2024/03/09/envoy-recalled"}),
                  OpenApiExample("Pasted text", value={
                      "text": "France recalled its ambassador to Australia on Friday, the foreign ministry said.",
                      "title": "France recalls envoy", "outlet": "lemonde.fr", "published_at": "2024-03-09"})],
    )
    def create(self, request, *args, **kwargs):
        incoming = ArticleSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            result = article_submit(url=data.get("url", ""), text=data.get("text", ""), title=data.get("title", ""),
                                    outlet=data.get("outlet", ""), published_at=data.get("published_at"),
                                    user=request.user)
        except SubmissionError as error:
            raise ValidationError({"url" if data.get("url") else "text": [str(error)]}) from None
        body = ArticleSerializer(result.article, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

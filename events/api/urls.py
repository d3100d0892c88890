from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import articles, events, exports, views

router = DefaultRouter()
router.register("events", events.EventViewSet, basename="event")
router.register("countries", views.CountryViewSet, basename="country")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("event-types", views.EventTypeViewSet, basename="eventtype")
router.register("articles", articles.ArticleViewSet, basename="article")

urlpatterns = [
    path("ping/", views.PingView.as_view(), name="api-ping"),
    path("changes/", views.ChangeFeedView.as_view(), name="api-changes"),
    path("exports/events.csv", exports.CsvExportView.as_view(), name="api-export-csv"),
    path("exports/events.jsonl", exports.JsonLinesExportView.as_view(), name="api-export-jsonl"),
    path("relations/<str:a>/<str:b>/", events.RelationsView.as_view(), name="api-relations"),
    path("", include("events.review.api_urls")),
    *router.urls,
]

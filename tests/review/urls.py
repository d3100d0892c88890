"""The project's URLs plus the review API under /api/v1/, as the lead will include it."""
from django.urls import include, path

from tracker.urls import urlpatterns as project

urlpatterns = [path("api/v1/", include("events.review.api_urls")), *project]

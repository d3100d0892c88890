from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("event-types", views.EventTypeViewSet, basename="eventtype")

urlpatterns = [
    path("changes/", views.ChangeFeedView.as_view(), name="changes"),
    *router.urls,
]

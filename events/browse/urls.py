"""The analysts' pages. Names are what templates, the API and the feeds link with."""
from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.timeline, name="timeline"),
    path("events/visual/", views.timeline_visual, name="timeline_visual"),
    path("events/visual/items.json", views.timeline_visual_items, name="timeline_visual_items"),
    path("events/export.csv", views.timeline_export, name="timeline_export"),
    path("events/<int:pk>/", views.event_page, name="event_detail"),
    path("countries/<str:code>/", views.country_page, name="country_detail"),
    path("relations/<str:a>/<str:b>/", views.relations_page, name="pair_relations"),
    path("actors/<slug:slug>/", views.actor_page, name="actor_detail"),
]

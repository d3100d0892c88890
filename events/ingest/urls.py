"""Article submission and progress, mounted at /articles/."""
from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/", views.article, name="article"),
    path("<int:pk>/progress/", views.progress, name="progress"),
]

"""The editors' review queue, mounted at /review/."""
from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-reject/", views.bulk_reject, name="bulk-reject"),
    path("<int:pk>/card/", views.card, name="card"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/reopen/", views.reopen, name="reopen"),
]

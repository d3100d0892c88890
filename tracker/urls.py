from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from events import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("events.browse.urls")),
    path("review/", include("events.review.urls")),
    path("articles/", include("events.ingest.urls")),
    path("api/v1/", include("events.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

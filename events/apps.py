from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Diplomatic events"

    def ready(self):
        from . import engine  # noqa: F401  (connects the signals that refresh the engine)

"""The review API; the project mounts it under /api/v1/."""
from rest_framework.routers import SimpleRouter

from .api import SuggestionViewSet

router = SimpleRouter()  # no API root view: events.api.urls owns /api/v1/ itself
router.register("suggestions", SuggestionViewSet, basename="suggestion")
urlpatterns = router.urls

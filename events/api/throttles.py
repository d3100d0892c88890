"""Throttles whose rates are read from settings at request time (API_THROTTLE_RATES)."""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from ..models import ApiToken


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class TokenThrottle(_SettingsRate):
    """Per API token; requests with a session or without a token are not counted here."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class AnonThrottle(_SettingsRate):
    """Per client IP for anonymous requests."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

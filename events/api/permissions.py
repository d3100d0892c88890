"""Who may do what through the API.

Reading the confirmed record is open to anonymous clients when PUBLIC_RECORD is
on (the same setting as the pages), else needs a login or a token. Editor
actions need a member of `editors` (or a superuser); through a token, the token
must also have the editor scope.
"""
from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import ApiToken
from ..review.permissions import is_editor as user_is_editor


def is_editor(request) -> bool:
    """An editor acting through a session, or through a token with the editor scope."""
    if isinstance(request.auth, ApiToken) and request.auth.scope != ApiToken.Scope.EDITOR:
        return False
    return bool(request.user and request.user.is_active) and user_is_editor(request.user)


class ReadRecord(BasePermission):
    message = "Log in or send an API token to read the record."

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            return is_editor(request)
        return settings.PUBLIC_RECORD or bool(request.user and request.user.is_authenticated)


class EditorOnly(BasePermission):
    message = "Only editors may do this; an API token needs the editor scope."

    def has_permission(self, request, view):
        return is_editor(request)

"""Who may do what through the API.

Reading the confirmed record is open to anonymous clients when PUBLIC_RECORD is
on (the same setting as the pages), else needs a login or a token. Editor
actions need a member of `editors` (or a superuser); through a token, the token
must also have the editor scope.
"""
from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import ApiToken


def is_editor(request) -> bool:
    user = request.user
    if not (user and user.is_authenticated and user.is_active):
        return False
    if isinstance(request.auth, ApiToken) and request.auth.scope != ApiToken.Scope.EDITOR:
        return False
    return user.is_superuser or user.groups.filter(name="editors").exists()


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

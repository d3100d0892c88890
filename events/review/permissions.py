"""Who may review in the browser: members of `editors` and superusers.
(The API uses events.api.permissions.EditorOnly, which also checks a token's scope.)"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render

EDITORS = "editors"


def is_editor(user) -> bool:
    """An editor or a superuser; memoised on the user object for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_editor"):
        user._is_editor = user.is_superuser or user.groups.filter(name=EDITORS).exists()
    return user._is_editor


def editor_context(request) -> dict:
    """`is_editor` for every template (the navigation shows the review links)."""
    return {"is_editor": is_editor(request.user)}


def editor_required(view=None, *, doing: str = "The review queue"):
    """Anonymous: to the login page (htmx is told to go there rather than swap it into a card).
    Signed in but not an editor: 403 with a page saying why. `doing` names the page in that message."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                login = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=401)
                    response["HX-Redirect"] = login["Location"]
                    return response
                return login
            if not is_editor(request.user):
                return render(request, "forbidden.html", {"doing": doing}, status=403)
            return view(request, *args, **kwargs)

        return guarded

    return decorate(view) if view is not None else decorate

"""Who may read the confirmed record in the browser.

PUBLIC_RECORD on: everyone. Off: a login is needed, and the account must be an
analyst or an editor (or a superuser); anonymous visitors are sent to log in.
Reading never lets anyone review: that takes the editors' permissions, which
the review pages check themselves.
"""
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

READER_GROUPS = ("analysts", "editors")


def can_read_record(user) -> bool:
    if settings.PUBLIC_RECORD:
        return True
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=READER_GROUPS).exists()


def record_reader(view):
    """Let the view run only for those who may read the confirmed record."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.PUBLIC_RECORD:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_read_record(request.user):
                raise PermissionDenied("Reading the record needs an analyst's or an editor's account.")
        return view(request, *args, **kwargs)

    return guarded

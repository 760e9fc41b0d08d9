"""The signed-in user, typed for the services."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request behind ``login_required``, ``membership_required`` or the back office's
    ``admin_view``, typed as ``User`` for the services (``request.user`` may be anonymous in general).

    Raises ``TypeError`` when nobody is signed in: a view that calls this without one of those
    guards is a bug, not a refusal to show.
    """
    user = request.user
    if not isinstance(user, User):
        raise TypeError("signed_in_user() needs a view that requires a log-in")
    return user

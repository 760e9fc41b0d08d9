"""The one way a view finds "the institution of the signed-in contact".

Views of the contacts' portal are decorated with :func:`institution_contact_required`, which passes the
institution as the keyword argument ``institution``. Someone signed in who is no active contact of an active
institution gets a 403 page that says so and whom to ask, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .permissions import institution_contact_require, institution_for_contact


def institution_contact_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; passes ``institution=`` (the contact's institution) to the view, else a 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        institution = institution_for_contact(request.user)
        if institution is None:
            return render(request, "institutions/not_contact.html", status=403)
        institution_contact_require(request.user, institution)  # the same check the services make
        return view(request, *args, institution=institution, **kwargs)

    return wrapped

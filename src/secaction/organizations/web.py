"""The one way a view finds "the current user's organisation".

Every view that acts for an organisation is decorated with
:func:`membership_required`; the view receives the active ``Membership`` as the
keyword argument ``membership`` (``membership.organization`` is the
organisation). Someone signed in without an organisation is sent to My Page,
which offers to register one or to accept an invitation, with a message saying
why. Owner-only actions are refused by the services (``AccessDenied`` → 403),
not here: this decorator only finds the organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import Membership
from .selectors import membership_for_user

if TYPE_CHECKING:
    pass

MYPAGE_URL_NAME = "mypage:index"


def membership_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; passes ``membership=`` (the user's active membership) to the view."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership: Membership | None = membership_for_user(request.user)
        if membership is None:
            messages.info(
                request,
                _(
                    "この操作には事業者の登録が必要です。マイページで事業者を登録するか、管理者からの招待を受けてください。"
                ),
            )
            return redirect(MYPAGE_URL_NAME)
        return view(request, *args, membership=membership, **kwargs)

    return wrapped

"""Staff must have TOTP before they reach the back office."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def staff_has_totp(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaMiddleware:
    """Send staff without a TOTP authenticator to set one up before any back-office page.

    allauth then asks for the code at every log-in, so a back-office session
    always passed two factors.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + settings.BACKOFFICE_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.BACKOFFICE_REQUIRE_MFA
            and request.path.startswith(self.prefix)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not staff_has_totp(user)
        ):
            messages.warning(
                request,
                _("事務局画面を使うには、二要素認証(認証アプリのワンタイムコード)の設定が必要です。"),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

"""The page where a GビズID sign-in waits for an existing account's password (no silent account takeover).

``SocialAccountAdapter.pre_social_login`` parks the GビズID log-in in the session when its e-mail belongs
to an account not yet connected to GビズID. Only that account's password connects the two and logs in;
wrong passwords count in allauth's ``login_failed`` limits (the same as the log-in page's) and are audited.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.utils import perform_login
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from secaction.core.services import audit_record

from .gbiz import gbiz_claims_from_extra_data
from .social import PENDING_CONNECT_SECONDS, PENDING_CONNECT_SESSION_KEY


class ConnectPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("このアカウントのパスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _pending(request: HttpRequest) -> tuple[SocialLogin, Any] | None:
    """The parked GビズID log-in and the existing account it matched, or None (none, expired or broken)."""
    data = request.session.get(PENDING_CONNECT_SESSION_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("started", 0)) > PENDING_CONNECT_SECONDS:
        return None
    user_id = data.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    try:
        sociallogin = SocialLogin.deserialize(data["sociallogin"])
    except (KeyError, TypeError, ValueError):
        return None
    return sociallogin, user


def _masked(email: str) -> str:
    """``t***@example.jp``: enough for the person to recognise the address, not to learn it."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


@login_not_required
@require_http_methods(["GET", "POST"])
def gbizid_connect_confirm(request: HttpRequest) -> HttpResponse:
    """Ask for the existing account's password; on the right one connect GビズID to it and log in."""
    pending = _pending(request)
    if pending is None:
        request.session.pop(PENDING_CONNECT_SESSION_KEY, None)
        messages.error(
            request,
            _("GビズIDでのログインの有効期限が切れました。お手数ですが、もう一度ログインしてください。"),
        )
        return redirect("account_login")
    sociallogin, user = pending
    claims = gbiz_claims_from_extra_data(sociallogin.account.extra_data)
    form = ConnectPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        adapter = get_account_adapter(request)
        credentials = {"email": user.email, "password": form.cleaned_data["password"]}
        try:
            authenticated = adapter.authenticate(request, **credentials)
        except ValidationError as exc:  # too many failed attempts (allauth's login_failed limits)
            form.add_error(None, exc)
            authenticated = None
        else:
            if authenticated is None or authenticated.pk != user.pk:
                adapter.authentication_failed(request, **credentials)
                form.add_error("password", _("パスワードが正しくありません。"))
                authenticated = None
        if authenticated is None:
            audit_record(
                actor=None, action="gbizid.connect_password_failed", target=user, after=claims.audit_data()
            )
        else:
            return _connect_and_login(request, sociallogin, user)
    return render(
        request,
        "accounts/gbizid_connect_confirm.html",
        {"form": form, "masked_email": _masked(user.email), "claims": claims},
        status=200 if not form.errors else 400,
    )


def _connect_and_login(request: HttpRequest, sociallogin: SocialLogin, user: Any) -> HttpResponse:
    request.session.pop(PENDING_CONNECT_SESSION_KEY, None)
    account = sociallogin.account
    if SocialAccount.objects.filter(provider=account.provider, uid=account.uid).exists():
        # Connected elsewhere in the meantime (another tab): a fresh sign-in finds it.
        messages.error(
            request, _("このGビズIDは既に別のアカウントに連携されています。もう一度ログインしてください。")
        )
        return redirect("account_login")
    sociallogin.connect(request, user)  # audited as gbizid.connect (signals.py)
    return perform_login(
        request,
        user,
        email_verification=account_settings.EMAIL_VERIFICATION,
        redirect_url=reverse("identity:gbiz_landing"),
        signal_kwargs={"sociallogin": sociallogin},
    )

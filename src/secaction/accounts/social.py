"""allauth's social-account adapter for GビズID (OpenID Connect): the portal's rules for who may sign in.

- Only gBizIDプライム and gBizIDメンバー sign in (``GbizClaims.is_accepted``); エントリー and unknown
  account types get a page that explains why, and nothing is created.
- No silent account takeover: a GビズID whose e-mail belongs to an existing account that is not
  connected to it never logs in as that account; the person confirms with the account's password
  first (``gbizid_views.gbizid_connect_confirm``).
- Every GビズID sign-in lands on ``identity:gbiz_landing``, where the organisation is verified.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.utils import user_email, user_field
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation

from secaction.core.services import audit_record

from .gbiz import gbiz_claims_from_extra_data
from .oidc import GbizProvider

logger = logging.getLogger(__name__)

# The pending GビズID log-in that waits for the existing account's password (see gbizid_views).
PENDING_CONNECT_SESSION_KEY = "gbizid_pending_connect"
PENDING_CONNECT_SECONDS = 15 * 60


def is_gbizid(sociallogin: SocialLogin) -> bool:
    return bool(sociallogin.account.provider == settings.OIDC_PROVIDER_ID)


def _account_with_email(email: str) -> Any:
    """The existing account that holds ``email`` (its own, or one of its addresses, in any letter case), or None."""
    user_model = get_user_model()
    by_user = user_model.objects.filter(email__iexact=email).first()
    if by_user is not None:
        return by_user
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").order_by("pk").first()
    return address.user if address is not None else None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request: HttpRequest, provider: Any, client_id: Any = None) -> Any:
        found = super().get_provider(request, provider, client_id=client_id)
        # The portal's stricter OpenID Connect (nonce, signature always verified): see accounts/oidc.py.
        if type(found) is OpenIDConnectProvider:
            return GbizProvider(request, app=found.app)
        return found

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if not is_gbizid(sociallogin):
            return
        claims = gbiz_claims_from_extra_data(sociallogin.account.extra_data)
        if not claims.is_accepted:
            audit_record(actor=None, action="gbizid.refused", object_type="gbizid", after=claims.audit_data())
            raise ImmediateHttpResponse(
                render(request, "accounts/gbizid_refused.html", {"claims": claims}, status=403)
            )
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # a signed-in person connects GビズID from the connections page: allauth's connect flow
        sociallogin.state["next"] = reverse("identity:gbiz_landing")
        if sociallogin.is_existing:
            return
        email = claims.email or (sociallogin.user.email if sociallogin.user else "")
        user = _account_with_email(email) if email else None
        if user is None:
            return  # a new person: allauth's sign-up
        if SocialAccount.objects.filter(user=user, provider=settings.OIDC_PROVIDER_ID).exists():
            # That account is already tied to another GビズID: never a second one by e-mail.
            audit_record(
                actor=None,
                action="gbizid.email_taken",
                target=user,
                after=claims.audit_data(),
            )
            raise ImmediateHttpResponse(render(request, "accounts/gbizid_email_taken.html", status=409))
        pending = sociallogin.serialize()
        pending.pop("token", None)  # not needed to connect; no token rests in the session
        request.session[PENDING_CONNECT_SESSION_KEY] = {
            "sociallogin": pending,
            "user_id": user.pk,
            "started": time.time(),
        }
        raise ImmediateHttpResponse(redirect("accounts:gbizid_connect_confirm"))

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        if not is_gbizid(sociallogin):
            return super().populate_user(request, sociallogin, data)
        # GビズID's "name" is the business's name, not the person's: allauth's default would put it in first_name.
        claims = gbiz_claims_from_extra_data(sociallogin.account.extra_data)
        user = sociallogin.user
        user_email(user, claims.email or (data.get("email") or ""))
        user_field(user, "first_name", claims.person_first_name)
        user_field(user, "last_name", claims.person_last_name)
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        # The language the person signed up in, for later mail (as the e-mail sign-up does).
        lang = translation.get_language() or "ja"
        if sociallogin.user is not None:
            sociallogin.user.language = "en" if lang.startswith("en") else "ja"
        return super().save_user(request, sociallogin, form)

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount: Any) -> str:
        # Connecting GビズID to an account verifies the organisation like a sign-in does.
        if socialaccount.provider == settings.OIDC_PROVIDER_ID:
            return reverse("identity:gbiz_landing")
        return str(super().get_connect_redirect_url(request, socialaccount))

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        # The page says only that it failed; the operator needs the reason (never a token).
        logger.warning("GビズID sign-in refused: error=%s exception=%r", error, exception)
        super().on_authentication_error(request, provider, error, exception, extra_context)
        if error != AuthError.CANCELLED:  # a cancel goes to allauth's "cancelled" page
            raise ImmediateHttpResponse(
                render(request, "socialaccount/authentication_error.html", status=400)
            )

"""The OpenID Connect protocol for GビズID, stricter than allauth's ``openid_connect`` provider.

allauth (65.x) already does the authorization code flow, PKCE (``oauth_pkce_enabled``), ``state`` and
discovery. Two checks it leaves out are added here:

- **nonce**: ``GbizProvider.redirect`` sends a random ``nonce`` and keeps it in allauth's state (the
  session, keyed by ``state``); the callback refuses an ID token whose ``nonce`` differs or is missing,
  so a token issued for another log-in cannot be replayed into this one.
- **signature**: allauth skips the ID token's signature check when it fetched the token itself over TLS
  (allowed by OpenID Connect Core 3.1.3.7). The portal always verifies it against the provider's JWKS,
  and only with asymmetric algorithms, so neither a misconfigured TLS path nor ``alg: none``/HMAC
  confusion can pass a forged identity.

The views keep allauth's URLs (``openid_connect_login`` / ``openid_connect_callback``): ``accounts/urls.py``
mounts them at the same paths before allauth's own.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from jwt import PyJWTError, get_unverified_header
from requests import RequestException

# Asymmetric algorithms only: with an HMAC algorithm the "public" JWKS key would be the secret.
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
NONCE_STATE_KEY = "nonce"
logger = logging.getLogger(__name__)


class GbizOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter that always verifies the ID token's signature and checks the nonce."""

    # Set by ``GbizCallbackView`` from the stashed state of this log-in; None when there is none.
    expected_nonce: str | None = None

    def complete_login(self, request: HttpRequest, app: Any, token: SocialToken, **kwargs: Any) -> Any:
        # An ID token is required: without it neither signature nor nonce could be checked.
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("no id_token in the token response")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        try:
            algorithm = get_unverified_header(id_token).get("alg")
        except PyJWTError as exc:
            raise OAuth2Error("malformed id_token") from exc
        if algorithm not in SIGNING_ALGORITHMS:
            raise OAuth2Error(f"id_token signed with a refused algorithm: {algorithm!r}")
        data: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        nonce = data.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str):
            raise OAuth2Error("id_token nonce missing")
        if not secrets.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error("id_token nonce mismatch")
        return data


class GbizProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider that sends a nonce with every authorization request."""

    oauth2_adapter_class = GbizOAuth2Adapter
    # No sign-in from a bare ID token handed to the portal (allauth's token authentication): it carries no
    # nonce of this portal's, so it could be replayed. Only the redirect flow above.
    supports_token_authentication = False

    def redirect(
        self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        # Extra keyword arguments end up in allauth's stashed state (the session), read back at the callback.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, **{**kwargs, NONCE_STATE_KEY: nonce}
        )


class GbizCallbackView(OAuth2CallbackView):
    """allauth's callback that hands the stashed nonce of this log-in to the adapter."""

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        state, response = super()._get_state(request, provider)  # type: ignore[no-untyped-call]
        if isinstance(self.adapter, GbizOAuth2Adapter):
            self.adapter.expected_nonce = (state or {}).get(NONCE_STATE_KEY)
        return state, response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Start a GビズID log-in (POST): redirect to the provider's authorization endpoint."""
    try:
        view = OAuth2LoginView.adapter_view(GbizOAuth2Adapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except RequestException:
        return _provider_unreachable(request)
    return response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider's redirect back: exchange the code, verify the ID token, then allauth's log-in flow."""
    try:
        view = GbizCallbackView.adapter_view(GbizOAuth2Adapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except RequestException:
        return _provider_unreachable(request)
    return response


def _provider_unreachable(request: HttpRequest) -> HttpResponse:
    # allauth lets a failed discovery request (GビズID down, DNS, TLS) escape as a 500: say it plainly instead.
    logger.warning("GビズID unreachable", exc_info=True)
    return render(request, "socialaccount/authentication_error.html", {"unreachable": True}, status=503)

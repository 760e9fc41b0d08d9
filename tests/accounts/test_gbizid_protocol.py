"""The OpenID Connect protocol of the GビズID sign-in, proved against the real provider (tests/oidc_provider).

Each refusal is the portal's own page (400, plain Japanese), never a 500, and nobody is signed in or created.
A forged ID token is made by substituting the provider's real token response (the normal path stays real).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from secaction.accounts.models import User
from secaction.accounts.oidc import GbizOAuth2Adapter
from tests.accounts.gbizid_flow import LANDING, callback_path, query, sign_in, signed_in_user_id, start

pytestmark = pytest.mark.django_db
REFUSED = "GビズIDでログインできませんでした"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _assert_refused(client: Any, response: Any) -> None:
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_the_authorization_request_uses_code_flow_pkce_s256_state_and_a_nonce(
    client: Any, gbizid: Any
) -> None:
    url = start(client)
    params = query(url)

    assert url.startswith(gbizid.issuer + "/")
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) >= 43
    assert "openid" in params["scope"].split()
    assert len(params["nonce"]) >= 32
    assert params["state"]
    # The nonce is kept with this log-in's state (the session), for the callback.
    stashed = client.session[statekit.STATES_SESSION_KEY][params["state"]][0]
    assert stashed["nonce"] == params["nonce"]
    # A second log-in gets a fresh nonce.
    assert query(start(client))["nonce"] != params["nonce"]


def test_the_real_provider_signs_a_person_in(client: Any, gbizid: Any) -> None:
    # The control for the refusals below: the same path, unaltered, succeeds.
    response = sign_in(client, gbizid, "prime")
    assert response["Location"] == LANDING
    assert signed_in_user_id(client) is not None


def test_a_callback_with_a_wrong_state_is_refused(client: Any, gbizid: Any) -> None:
    back = gbizid.login(start(client), "prime")
    params = query(back)
    response = client.get(callback_path(back).replace(params["state"], "forged-state"))
    _assert_refused(client, response)


def test_a_callback_without_any_log_in_started_is_refused(client: Any, gbizid: Any) -> None:
    other = type(client)()
    back = gbizid.login(start(other), "prime")  # started in another browser
    _assert_refused(client, client.get(callback_path(back)))


def _session_nonce(client: Any, state_id: str, nonce: str | None) -> None:
    session = client.session
    states = session[statekit.STATES_SESSION_KEY]
    if nonce is None:
        states[state_id][0].pop("nonce")
    else:
        states[state_id][0]["nonce"] = nonce
    session[statekit.STATES_SESSION_KEY] = states
    session.save()


@pytest.mark.parametrize("nonce", ["a-different-nonce", None])
def test_an_id_token_whose_nonce_is_not_this_log_ins_is_refused(
    client: Any, gbizid: Any, nonce: str | None
) -> None:
    back = gbizid.login(start(client), "prime")
    # The provider put the original nonce in the ID token; this log-in now expects another (or none).
    _session_nonce(client, query(back)["state"], nonce)
    _assert_refused(client, client.get(callback_path(back)))


def _substitute_id_token(monkeypatch: Any, forge: Callable[[str], str]) -> None:
    real = GbizOAuth2Adapter.get_access_token_data

    def substituted(self: Any, *args: Any, **kwargs: Any) -> Any:
        data = dict(real(self, *args, **kwargs))
        assert self.did_fetch_access_token  # allauth would skip the signature check here
        data["id_token"] = forge(data["id_token"])
        return data

    monkeypatch.setattr(GbizOAuth2Adapter, "get_access_token_data", substituted)


def _foreign_signed(token: str) -> str:
    """The same claims and key id, signed with a key that is not the provider's."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})


def _tampered(token: str) -> str:
    """The provider's signature kept, one claim changed (another business)."""
    head, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["corporate_number"] = "1000000000000"
    forged = jwt.encode(claims, "k" * 32, algorithm="HS256").split(".")[1]
    assert forged != payload
    return f"{head}.{forged}.{signature}"


def _unsigned(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, None, algorithm="none")


def _hmac_with_the_client_secret(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    return jwt.encode(
        claims, "secaction-test-secret-padded-to-32-bytes!", algorithm="HS256", headers={"kid": kid}
    )


@pytest.mark.parametrize("forge", [_foreign_signed, _tampered, _unsigned, _hmac_with_the_client_secret])
def test_an_id_token_not_signed_by_the_provider_is_refused(
    client: Any, gbizid: Any, monkeypatch: Any, forge: Callable[[str], str]
) -> None:
    _substitute_id_token(monkeypatch, forge)
    _assert_refused(client, sign_in(client, gbizid, "prime"))


def test_a_token_response_without_an_id_token_is_refused(client: Any, gbizid: Any, monkeypatch: Any) -> None:
    real = GbizOAuth2Adapter.get_access_token_data

    def without(self: Any, *args: Any, **kwargs: Any) -> Any:
        data = dict(real(self, *args, **kwargs))
        data.pop("id_token")
        return data

    monkeypatch.setattr(GbizOAuth2Adapter, "get_access_token_data", without)
    _assert_refused(client, sign_in(client, gbizid, "prime"))


def test_the_provider_reporting_an_error_is_refused(client: Any, gbizid: Any) -> None:
    state = query(start(client))["state"]
    response = client.get(f"/accounts/oidc/gbizid/login/callback/?error=server_error&state={state}")
    _assert_refused(client, response)


def test_a_get_to_the_log_in_url_does_not_leave_for_the_provider(client: Any, gbizid: Any) -> None:
    # A link (GET) never starts a log-in by itself: allauth asks to confirm with a POST (no login CSRF).
    response = client.get("/accounts/oidc/gbizid/login/")
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()


def test_an_unknown_provider_id_is_not_found(client: Any, gbizid: Any) -> None:
    assert client.post("/accounts/oidc/other/login/").status_code == 404
    assert client.get("/accounts/oidc/other/login/callback/?code=x&state=y").status_code == 404


def test_an_unreachable_provider_gets_a_plain_page_not_a_500(client: Any, gbizid: Any, settings: Any) -> None:
    import socket
    from types import SimpleNamespace

    from tests.conftest import oidc_settings_apply

    back = gbizid.login(start(client), "prime")  # a log-in under way, then GビズID goes away
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = SimpleNamespace(issuer=f"http://127.0.0.1:{port}", client_id="c", client_secret="s")
    oidc_settings_apply(settings, down)

    for response in (client.get(callback_path(back)), client.post("/accounts/oidc/gbizid/login/")):
        assert response.status_code == 503
        assert "ただいまGビズIDに接続できません" in response.content.decode()
    assert not User.objects.exists()

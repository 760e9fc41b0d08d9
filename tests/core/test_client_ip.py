"""Who the client is behind a reverse proxy: log-in throttling and the API limits agree (issue 10, finding 6).

Both count per ``secaction.core.clientip.client_ip``, which is allauth's client-IP
function: with ``ALLAUTH_TRUSTED_PROXY_COUNT = 1`` the last entry of
``X-Forwarded-For`` (the one our proxy appended) is the client; with no trusted
proxy the connecting address counts and a forged header changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from secaction.core.clientip import UNKNOWN_CLIENT, client_ip, client_ip_bucket
from tests.registry.factories import make_declaration, new_id

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the load balancer: every request connects from here
CLIENT_A, CLIENT_B = "203.0.113.10", "198.51.100.20"
THROTTLED = "ログインに続けて失敗したため"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _behind_proxy(client_address: str, forged: str = "192.0.2.99") -> dict[str, str]:
    # What the client's request looks like after one proxy: it may send its own (forged)
    # X-Forwarded-For; the proxy appends the address it saw and connects to us itself.
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{forged}, {client_address}"}


def _login_fails(client, n: int, meta: dict[str, str]) -> str:
    html = ""
    for i in range(n):
        # A different account each time: only the per-address limit can trip.
        response = client.post(
            "/accounts/login/", {"login": f"nobody{i}@example.jp", "password": "wrong-password"}, **meta
        )
        assert response.status_code == 200
        html = response.content.decode()
    return html


def _lookups(client, n: int, meta: dict[str, str]) -> list[int]:
    # An unknown but well-formed ID: the endpoint answers 404, counting against the address limit.
    return [client.get(f"/api/v1/declarations/{new_id(1)}", **meta).status_code for _ in range(n)]


def test_client_ip_is_the_last_forwarded_entry_with_one_trusted_proxy(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", **_behind_proxy(CLIENT_A))) == CLIENT_A
    # A direct request without the header still has an address.
    assert client_ip(rf.get("/", REMOTE_ADDR=CLIENT_B)) == CLIENT_B


def test_client_ip_ignores_a_forged_header_without_a_trusted_proxy(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", **_behind_proxy(CLIENT_A))) == PROXY


def test_client_ip_from_a_trusted_header(rf, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=CLIENT_A)) == CLIENT_A
    # Missing or garbage: one shared identity, never a fresh one per request.
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == UNKNOWN_CLIENT
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="not-an-ip")) == UNKNOWN_CLIENT


def test_ipv6_clients_are_counted_per_network(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    assert client_ip_bucket(one) == client_ip_bucket(other) == "2001:db8:1:2::"
    assert client_ip_bucket(rf.get("/", REMOTE_ADDR=CLIENT_A)) == CLIENT_A


def test_login_throttling_counts_each_client_behind_the_proxy_apart(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    assert THROTTLED in _login_fails(client, 4, _behind_proxy(CLIENT_A))
    # Client A used up its allowance; B, behind the same proxy, has not.
    assert THROTTLED not in _login_fails(client, 1, _behind_proxy(CLIENT_B))


def test_login_throttling_ignores_a_forged_forwarded_for_without_a_trusted_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    _login_fails(client, 3, _behind_proxy(CLIENT_A))
    # A different X-Forwarded-For from the same connecting address does not buy a new allowance.
    assert THROTTLED in _login_fails(client, 1, _behind_proxy(CLIENT_B, forged=CLIENT_B))


def test_api_limit_counts_each_client_behind_the_proxy_apart(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.API_RATE_LIMITS = {"address": "2/m", "key": ""}
    assert _lookups(client, 3, _behind_proxy(CLIENT_A)) == [404, 404, 429]
    assert _lookups(client, 2, _behind_proxy(CLIENT_B)) == [404, 404]


def test_api_limit_ignores_a_forged_forwarded_for_without_a_trusted_proxy(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.API_RATE_LIMITS = {"address": "2/m", "key": ""}
    assert _lookups(client, 2, _behind_proxy(CLIENT_A)) == [404, 404]
    assert _lookups(client, 1, _behind_proxy(CLIENT_B, forged=CLIENT_B)) == [429]


def test_the_lookup_fast_path_counts_per_forwarded_client_too(client, settings):
    # The fast path and the endpoint share the limiter, so a known ID behaves the same.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.API_RATE_LIMITS = {"address": "1/m", "key": ""}
    url = f"/api/v1/declarations/{make_declaration().declaration_id}"
    assert client.get(url, **_behind_proxy(CLIENT_A)).status_code == 200
    assert client.get(url, **_behind_proxy(CLIENT_A)).status_code == 429
    assert client.get(url, **_behind_proxy(CLIENT_B)).status_code == 200


def test_fewer_forwarded_entries_than_trusted_proxies_is_unknown_not_a_server_error(client, rf, settings):
    """A client reaching the site around the proxies sends one X-Forwarded-For entry where two are trusted:
    allauth raises ImproperlyConfigured there, which used to be a 500 on the log-in page and the API."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    meta = {"REMOTE_ADDR": CLIENT_A, "HTTP_X_FORWARDED_FOR": "192.0.2.99"}
    assert client_ip(rf.get("/", **meta)) == UNKNOWN_CLIENT
    response = client.post("/accounts/login/", {"login": "nobody@example.jp", "password": "wrong"}, **meta)
    assert response.status_code == 403
    assert client.get(f"/api/v1/declarations/{new_id(1)}", **meta).status_code == 404

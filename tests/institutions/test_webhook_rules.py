"""The pure webhook rules: signature, retry schedule, URLs and addresses (no database, no HTTP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secaction.institutions.webhooks import (
    RETRY_DELAYS,
    RETRY_WINDOW,
    webhook_address_check,
    webhook_body,
    webhook_headers,
    webhook_next_attempt,
    webhook_payload,
    webhook_secret_new,
    webhook_signature,
    webhook_url_problem,
)

T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = webhook_body({"a": "宣言", "n": 1})
    expected = hmac.new(b"k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhook_signature("k", 1700000000, body) == f"v1={expected}"
    headers = webhook_headers(secret="k", event_id=42, timestamp=1700000000, body=body)
    assert headers["X-SecAction-Event-Id"] == "42"
    assert headers["X-SecAction-Timestamp"] == "1700000000"
    assert headers["X-SecAction-Signature"] == f"v1={expected}"


def test_the_body_is_compact_utf8_json_and_the_payload_is_plain_json() -> None:
    assert webhook_body({"name": "株式会社"}) == '{"name":"株式会社"}'.encode()
    payload = webhook_payload(7, [{"occurred_at": T0}])
    assert payload == {
        "event_id": 7,
        "type": "registry.changes",
        "changes": [{"occurred_at": "2026-12-01T00:00:00Z"}],
    }


def test_secrets_are_fresh_and_64_hex() -> None:
    a, b = webhook_secret_new(), webhook_secret_new()
    assert a != b and len(a) == 64 and int(a, 16) >= 0


@given(attempts=st.integers(1, 30), elapsed=st.integers(0, 26 * 3600), rand=st.floats(0, 0.999999))
def test_the_next_attempt_is_later_jittered_and_never_past_24_hours(attempts, elapsed, rand) -> None:
    now = T0 + dt.timedelta(seconds=elapsed)
    nxt = webhook_next_attempt(first_attempt_at=T0, attempts=attempts, now=now, rand=rand)
    if now >= T0 + RETRY_WINDOW:
        assert nxt is None
        return
    assert nxt is not None and now < nxt <= T0 + RETRY_WINDOW
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    assert nxt - now <= delay * 1.2 + dt.timedelta(microseconds=1)
    if nxt < T0 + RETRY_WINDOW:
        assert nxt - now >= delay * 0.8 - dt.timedelta(microseconds=1)


def test_jitter_spreads_the_delay_by_twenty_percent() -> None:
    low = webhook_next_attempt(first_attempt_at=T0, attempts=1, now=T0, rand=0.0)
    mid = webhook_next_attempt(first_attempt_at=T0, attempts=1, now=T0, rand=0.5)
    assert low == T0 + dt.timedelta(seconds=48) and mid == T0 + dt.timedelta(minutes=1)
    assert webhook_next_attempt(first_attempt_at=T0, attempts=0, now=T0, rand=0.5) is None


@pytest.mark.parametrize(
    ("url", "allowed", "ok"),
    [
        ("https://hooks.example.jp/secaction", [], True),
        ("https://hooks.example.jp:8443/x?y=1", [], True),
        ("http://hooks.example.jp/secaction", [], False),
        ("http://127.0.0.1:8001/hook", ["127.0.0.1"], True),
        ("http://127.0.0.1:8001/hook", [], False),
        ("ftp://hooks.example.jp/", [], False),
        ("https:///nohost", [], False),
        ("https://user:pw@hooks.example.jp/", [], False),
        ("https://hooks.example.jp:99999/", [], False),
        ("javascript:alert(1)", [], False),
        ("", [], False),
    ],
)
def test_urls(url, allowed, ok) -> None:
    assert (webhook_url_problem(url, allow_http_hosts=allowed) is None) is ok


@pytest.mark.parametrize(
    ("addresses", "ok"),
    [
        (["93.184.215.14"], True),
        (["2606:2800:21f:cb07:6820:80da:af6b:8b2c"], True),
        (["127.0.0.1"], False),
        (["10.0.0.5"], False),
        (["172.16.3.4"], False),
        (["192.168.1.1"], False),
        (["169.254.169.254"], False),  # cloud metadata
        (["::1"], False),
        (["fe80::1%eth0"], False),
        (["fd00::1"], False),
        (["::ffff:127.0.0.1"], False),
        (["0.0.0.0"], False),
        (["224.0.0.1"], False),
        (["93.184.215.14", "10.0.0.1"], False),  # one internal address is enough to refuse
        ([], False),
    ],
)
def test_internal_addresses_are_refused(addresses, ok) -> None:
    assert (webhook_address_check("hooks.example.jp", addresses, allow_hosts=[]) is None) is ok


def test_allowed_hosts_may_be_internal() -> None:
    assert webhook_address_check("127.0.0.1", ["127.0.0.1"], allow_hosts=["127.0.0.1"]) is None

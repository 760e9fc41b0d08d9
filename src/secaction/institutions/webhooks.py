"""Webhooks, the pure part: signatures, the retry schedule, the payload and which URLs may receive.

No database and no network here (``webhook_address_check`` takes the resolved addresses as an argument),
so every rule is tested exhaustively without HTTP. The services (``services.webhooks``) and the sender
use these; docs/api.md ("Webhook") documents the same rules for receivers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

SIGNATURE_VERSION = "v1"
HEADER_EVENT_ID = "X-SecAction-Event-Id"
HEADER_TIMESTAMP = "X-SecAction-Timestamp"
HEADER_SIGNATURE = "X-SecAction-Signature"

# Delays after the 1st, 2nd, ... failed attempt; the last one repeats. Attempts stop 24 hours after the first.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=12),
)
RETRY_WINDOW = dt.timedelta(hours=24)
# ±20 %: many deliveries failing together (a receiver down) must not all come back in the same second.
JITTER = 0.2

# Changes per delivery: live changes travel one by one, an import of 350,000 rows in POSTs of this many.
CHANGES_PER_DELIVERY = 100


def webhook_secret_new() -> str:
    """A new signing secret: 64 hex characters (256 random bits)."""
    return secrets.token_hex(32)


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes POSTed (and signed): compact UTF-8 JSON."""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={mac}"


def webhook_headers(*, secret: str, event_id: int, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of one POST."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "SecActionPortal-Webhook/1",
        HEADER_EVENT_ID: str(event_id),
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: webhook_signature(secret, timestamp, body),
    }


def webhook_payload(event_id: int, changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What a delivery carries: its event id and the changes, each exactly as the change feed lists it.

    Plain JSON values (datetimes as the API writes them), ready to store in ``WebhookDelivery.payload``.
    """
    payload = {"event_id": event_id, "type": "registry.changes", "changes": list(changes)}
    return json.loads(webhook_body(payload))


def webhook_next_attempt(
    *, first_attempt_at: dt.datetime, attempts: int, now: dt.datetime, rand: float
) -> dt.datetime | None:
    """When to try again after ``attempts`` failed attempts (the latest at ``now``), or None to give up.

    ``rand`` in [0, 1) sets the jitter (±20 % of the delay). Tries stop once 24 hours have passed
    since the first attempt; the last retry is moved to exactly 24 hours so that one always happens.
    """
    deadline = first_attempt_at + RETRY_WINDOW
    if attempts < 1 or now >= deadline:
        return None
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    delay = delay * (1 + JITTER * (2 * rand - 1))
    return min(now + delay, deadline)


def webhook_url_problem(url: str, *, allow_http_hosts: Iterable[str]) -> str | None:
    """Why ``url`` cannot receive webhooks (a sentence in the active language), or None.

    HTTPS only, except for hosts in ``WEBHOOK_ALLOW_HTTP_HOSTS``; no credentials in the URL.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        _port = parts.port
    except ValueError:
        return _("URLの形式が正しくありません。")
    if parts.scheme not in ("https", "http") or not host:
        return _("https:// で始まるURLを入力してください。")
    if parts.scheme == "http" and host not in {h.lower() for h in allow_http_hosts}:
        return _("送信先は https:// のURLにしてください(http:// は使えません)。")
    if parts.username or parts.password:
        return _("URLにユーザー名やパスワードを含めないでください。")
    return None


def webhook_address_check(host: str, addresses: Iterable[str], *, allow_hosts: Iterable[str]) -> str | None:
    """Why the resolved ``addresses`` of ``host`` must not be contacted (SSRF), or None.

    Private, loopback, link-local, multicast, reserved and unspecified addresses are refused unless the
    host is listed in ``WEBHOOK_ALLOW_HTTP_HOSTS`` (tests and local demos use 127.0.0.1).
    """
    if host.lower() in {h.lower() for h in allow_hosts}:
        return None
    found = list(addresses)
    if not found:
        return _("送信先のホスト名を解決できません。")
    for address in found:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            return _("内部ネットワークのアドレスには送信できません。")
    return None

"""One HTTP POST to a webhook receiver, refusing internal addresses (SSRF) at the moment of sending.

The host is resolved once, every address is checked (``webhooks.webhook_address_check``) and the
connection goes to the checked address itself, so a name that resolves elsewhere a moment later (DNS
rebinding) cannot redirect the request inside. TLS still verifies the certificate for the host name.
Redirects are not followed (a 3xx is a failed attempt); a short timeout bounds every attempt.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .webhooks import webhook_address_check

TIMEOUT_SECONDS = 5.0
_ERROR_MAX = 500


@dataclass(frozen=True)
class PostResult:
    """The receiver's status code (None when no answer came) and an error sentence ("" on a 2xx)."""

    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with SNI and certificate checks for the host name."""

    def __init__(self, address: str, port: int, server_hostname: str, **kwargs: Any) -> None:
        super().__init__(address, port, **kwargs)
        self._server_hostname = server_hostname

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(sock, server_hostname=self._server_hostname)


def host_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def webhook_post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    allow_hosts: list[str],
    timeout: float = TIMEOUT_SECONDS,
) -> PostResult:
    """POST ``body`` to ``url``; never raises for network trouble (it becomes the result's error)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = host_addresses(host, port)
    refused = webhook_address_check(host, addresses, allow_hosts=allow_hosts)
    if refused:
        return PostResult(None, refused)
    if not addresses:
        return PostResult(None, f"cannot resolve {host}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(addresses[0], port, host, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(addresses[0], port, timeout=timeout)
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    try:
        connection.request("POST", path, body=body, headers={**headers, "Host": host_header})
        response = connection.getresponse()
        response.read(64 * 1024)  # a little of the answer, so the connection closes cleanly
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        return PostResult(None, f"{type(exc).__name__}: {exc}"[:_ERROR_MAX])
    finally:
        connection.close()
    if 200 <= status < 300:
        return PostResult(status, "")
    return PostResult(status, f"HTTP {status}")

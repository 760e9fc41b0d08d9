"""Who the client is: one function for log-in throttling and the API's rate limits.

allauth counts failed log-ins per client address with its adapter's
``get_client_ip``, which honours ``ALLAUTH_TRUSTED_PROXY_COUNT`` (the last N
entries of ``X-Forwarded-For`` were appended by proxies we run) and
``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` (one header our proxy overwrites), and
otherwise takes ``REMOTE_ADDR``, ignoring any ``X-Forwarded-For`` a client
sent. The API limiter asks the same function, so one setting (the environment's
``TRUSTED_PROXY_COUNT`` / ``TRUSTED_CLIENT_IP_HEADER``) decides both.
"""

from __future__ import annotations

import ipaddress

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

# Requests whose address cannot be read (a trusted header missing or not an IP address) share
# this one identity: a limit counts, it grants nothing, so garbage must not buy a fresh bucket.
UNKNOWN_CLIENT = "unknown"


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as allauth's rate limits see it, or ``UNKNOWN_CLIENT`` when it cannot be
    told (a trusted header missing, or fewer ``X-Forwarded-For`` entries than the trusted proxy count:
    the project's account adapter turns both into ``PermissionDenied``)."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return UNKNOWN_CLIENT


def client_ip_bucket(request: HttpRequest) -> str:
    """The identity a per-address limit counts: ``client_ip``, with IPv6 cut to its network prefix.

    One IPv6 subscriber holds a whole /64 (allauth's default ``RATE_LIMIT_IPV6_PREFIX``), so
    counting single addresses would let them step around a limit, as allauth's own limits know.
    """
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        prefix = getattr(settings, "ALLAUTH_RATE_LIMIT_IPV6_PREFIX", 64)
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return ip

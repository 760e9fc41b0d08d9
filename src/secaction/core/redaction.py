"""Redacting secrets out of mail text that staff may read. Pure functions, no database.

A mail the portal sends may carry a link that works as a credential: allauth's password-reset and
e-mail-confirmation links, an invitation link, a handbook-acknowledgement link. The copy of a mail that the
back office shows must not let a staff member use one (issue 10, finding 1). ``secrets_redact`` replaces

- the URL arguments a view takes as a credential (``SECRET_URL_KWARGS``: ``token``, ``key``, ``uidb36`` …),
  found by resolving each link of this site against the project's URLconf, so the rule follows the routes;
- any other path segment that looks like a token (``_looks_like_token``: 20 or more URL-safe characters
  mixing at least two of lower case, upper case and digits), for links that do not resolve (another host, a
  route added later); a long lower-case slug (``security-action-handbook``) stays;
- the value of query parameters named like a credential (``SECRET_QUERY_KEYS``).

The rest of the link stays, so staff still see which page the mail pointed to.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import Resolver404, resolve

REDACTED = "[redacted]"

SECRET_URL_KWARGS = frozenset({"token", "key", "uidb36", "uidb64", "code", "signature"})
SECRET_QUERY_KEYS = ("token", "key", "code", "sig", "signature", "uid", "otp")

# A link ends at white space, a quote or an angle bracket (text and HTML bodies alike).
_URL = re.compile(r"https?://[^\s\"'<>]+")
_QUERY_SECRET = re.compile(
    r"(?P<name>[?&;](?:amp;)?(?:" + "|".join(SECRET_QUERY_KEYS) + r")=)[^&#\s\"'<>]+", re.IGNORECASE
)
_TOKEN_CHARS = re.compile(r"^[-A-Za-z0-9_:.=~]{20,}$")


def _looks_like_token(segment: str) -> bool:
    if not _TOKEN_CHARS.match(segment):
        return False
    classes = (re.search(r"[a-z]", segment), re.search(r"[A-Z]", segment), re.search(r"[0-9]", segment))
    return sum(1 for c in classes if c) >= 2


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).netloc


def _redact_path(path: str, own_site: bool) -> str:
    if own_site:
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match is not None:
            for name, value in match.kwargs.items():
                # A short argument (allauth's user id in base 36) is not the secret, and replacing it
                # would also hit the same characters elsewhere in the path.
                if name in SECRET_URL_KWARGS and isinstance(value, str) and len(value) >= 8:
                    path = path.replace(value, REDACTED)
    segments = [REDACTED if _looks_like_token(seg) else seg for seg in path.split("/")]
    return "/".join(segments)


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    path = _redact_path(parts.path, own_site=parts.netloc == _site_host())
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def secrets_redact(text: str) -> str:
    """``text`` with every credential in a link replaced by ``[redacted]``; everything else unchanged."""
    if not text:
        return text
    text = _URL.sub(lambda m: _redact_url(m.group(0)), text)
    return _QUERY_SECRET.sub(lambda m: m.group("name") + REDACTED, text)

"""A breadth-first crawler over the site's own links, for tests/mypage/test_crawl.py.

It follows ``<a href>`` links with GET only (and the ``Location`` of redirects), on
this host (relative links and absolute ones on ``SITE_URL``), skipping log-out,
the language switch, static files, ``mailto:``/``tel:`` and other hosts.

It stays bounded on pages with many filters and records (the registry, the back
office): a path shape (the path with its numbers blanked, ``/backoffice/x/y/0/change/``)
is fetched for at most ``variants`` different numbers and at most ``variants``
different query strings, and the crawl stops after ``limit`` fetches.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

INTERNAL_HOSTS = {"", "testserver"}


@dataclass(frozen=True)
class Problem:
    url: str
    status: int
    linked_from: str

    def __str__(self) -> str:
        return f"{self.status} {self.url}  ← linked from {self.linked_from}"


@dataclass
class CrawlResult:
    fetched: dict[str, int] = field(default_factory=dict)  # url → status
    problems: list[Problem] = field(default_factory=list)
    capped: bool = False  # stopped at ``limit`` with links left to follow


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _skipped_paths() -> tuple[str, ...]:
    # Log-out and the language switch are POST forms on the site; a GET on them is not a link.
    return (reverse("account_logout"), reverse("set_language"), settings.STATIC_URL, settings.MEDIA_URL)


def internal_url(href: str, base: str) -> str | None:
    """``href`` (found on ``base``) as a path with query, or None when it is not ours to follow."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(urljoin(base, href))
    site_host = urlsplit(settings.SITE_URL).netloc
    if parts.scheme not in ("", "http", "https") or parts.netloc not in INTERNAL_HOSTS | {site_host}:
        return None  # mailto:, tel:, javascript:, other sites
    if parts.path.startswith(_skipped_paths()):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def crawl(client: Client, start: list[str], *, limit: int = 400, variants: int = 3) -> CrawlResult:
    """Fetch every internal link reachable from ``start`` (breadth first); 404 and 5xx are problems."""
    result = CrawlResult()
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    seen: set[str] = set(start)
    per_query_shape: Counter[str] = Counter()
    per_shape: Counter[str] = Counter()
    shapes_seen: set[str] = set()
    while queue:
        if len(result.fetched) >= limit:
            result.capped = True
            break
        url, referrer = queue.popleft()
        try:
            response = client.get(url)
        except Exception as exc:  # the test client re-raises a view's exception: that is a 500
            result.fetched[url] = 500
            result.problems.append(Problem(url, 500, f"{referrer} ({type(exc).__name__}: {exc})"))
            continue
        status = response.status_code
        result.fetched[url] = status
        if status == 404 or status >= 500:
            result.problems.append(Problem(url, status, referrer))
            continue
        found: list[str] = []
        if 300 <= status < 400 and response.get("Location"):
            found = [response["Location"]]
        elif status == 200 and response.get("Content-Type", "").startswith("text/html"):
            found = links_in(response.content.decode(response.charset or "utf-8", "replace"))
        for href in found:
            target = internal_url(href, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            # Filters, sort orders, record ids: a few variants show the page works; the rest add nothing.
            path = urlsplit(target).path
            shape = re.sub(r"[0-9]+", "0", path)
            if urlsplit(target).query:
                if per_query_shape[shape] >= variants:
                    continue
                per_query_shape[shape] += 1
            elif path not in shapes_seen:
                if per_shape[shape] >= variants:
                    continue
                per_shape[shape] += 1
                shapes_seen.add(path)
            queue.append((target, url))
    return result

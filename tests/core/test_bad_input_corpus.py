"""The bad-input corpus: hostile bytes and text everywhere a request can carry them, 0 × 5xx.

Every URL pattern's path parameters (enumerated from the URL conf, anonymously, as a ★★
owner and, for the back office, as staff), the query strings of the public pages (the
fields of their GET forms, plus ``page``/``next``/``q``) and every POST form a ★★ owner
reaches by following links get each payload below. Payloads that are not clean UTF-8 (or
carry NUL) must get ``BadBytesMiddleware``'s 400, always; the others (control and format
characters, emoji, very long text) may be refused in any way but a server error.

Run it on both databases (PostgreSQL refuses NUL in text, SQLite does not):
``pytest tests/core/test_bad_input_corpus.py`` and the same with
``DATABASE_URL=postgres://…``. The outcomes are written to
``var/test-artifacts/bad-input-corpus-<vendor>.json`` (docs/security.md quotes them).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.mypage import scenarios
from tests.mypage.crawler import crawl

pytestmark = pytest.mark.django_db

# Percent-encoded, so that bytes that are not UTF-8 can be sent at all.
BAD_BYTES = {
    "nul": "%00",
    "nul_inside": "1%00a",
    "invalid_utf8": "%C3%28",
    "ff_byte": "%FF",
    "overlong_slash": "%C0%AF",
    "overlong_nul": "%C0%80",
    "lone_surrogate": "%ED%A0%80",
    "beyond_unicode": "%F4%90%80%80",
}
ODD_TEXT = {
    "control_chars": "a%01%08%0B%1B%7Fb",
    "format_chars": "%E2%80%AE%E2%80%8B%EF%BB%BF%E2%81%A6x",  # RLO, ZWSP, BOM, LRI
    "replacement_char": "%EF%BF%BD",
    "emoji": "%F0%9F%98%80%F0%9F%91%A8%E2%80%8D%F0%9F%92%BB",
    "long_ascii": "x" * 5000,
    "long_japanese": quote("あ" * 3000),
    "markup": quote("<script>alert(1)</script>'\"=1+1"),
    "path_tricks": "..%2F..%2Fetc%2Fpasswd",
}
PAYLOADS = {**BAD_BYTES, **ODD_TEXT}
GENERIC_QUERY_NAMES = ("page", "next", "q")
TEXT_INPUT_TYPES = {"text", "search", "email", "url", "tel", "number", "date", "password", "hidden", None}
# Forms that end the session or would stop the crawl early; they are posted last.
LAST = ("logout", "deactivate", "revoke", "withdraw", "unpublish", "delete", "remove", "leave")


def url_shapes() -> list[tuple[str, tuple[str, ...]]]:
    """Every named URL pattern, as a ``%(name)s`` format string and its parameter names."""

    def walk(resolver: URLResolver, prefix: str) -> list[tuple[str, tuple[str, ...]]]:
        shapes = []
        for key, entries in resolver.reverse_dict.lists():
            if isinstance(key, str):
                for possibilities, *_ in entries:
                    shapes += [(prefix + fmt, tuple(params)) for fmt, params in possibilities]
        for sub_prefix, sub in resolver.namespace_dict.values():
            shapes += walk(sub, prefix + sub_prefix)
        return shapes

    return sorted(set(walk(get_resolver(), "/")))


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name → default value
    text_fields: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self, page: str, method: str) -> None:
        super().__init__()
        self.page, self.method = page, method
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == self.method:
                self.current = Form(action=a.get("action") or self.page)
                self.forms.append(self.current)
            return
        if self.current is None or not a.get("name"):
            return
        name = a["name"] or ""
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a or name not in self.current.fields:
                    self.current.fields[name] = a.get("value") or "on"
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.current.fields[name] = a.get("value") or ""
                if kind in TEXT_INPUT_TYPES:
                    self.current.text_fields.append(name)
        elif tag == "textarea":
            self.current.fields[name] = ""
            self.current.text_fields.append(name)
        elif tag == "select":
            self.select = name
            self.current.fields.setdefault(name, "")
        elif tag == "option" and self.select and (not self.current.fields[self.select] or "selected" in a):
            self.current.fields[self.select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(client: Client, page: str, method: str) -> list[Form]:
    response = client.get(page)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return []
    parser = _Forms(page, method)
    parser.feed(response.content.decode())
    return parser.forms


def encoded(fields: dict[str, str], hostile: dict[str, str]) -> str:
    """A url-encoded body: the ordinary fields quoted, the hostile ones already percent-encoded."""
    parts = [f"{quote(k)}={quote(v)}" for k, v in fields.items() if k not in hostile]
    return "&".join(parts + [f"{quote(k)}={v}" for k, v in hostile.items()])


@dataclass
class Outcomes:
    by_kind: dict[str, Counter[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def record(self, kind: str, payload: str, method: str, url: str, status: int) -> None:
        self.by_kind.setdefault(kind, Counter())[status] += 1
        if status >= 500:
            self.failures.append(f"{status} {method} {url[:160]} ({payload})")
        elif payload in BAD_BYTES and status != 400:
            self.failures.append(f"{status}, not 400: {method} {url[:160]} ({payload})")

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.by_kind.values())


def client_as(user: object | None) -> Client:
    client = Client(raise_request_exception=False)  # a view's exception is a 500 to count, not to raise
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def test_bad_input_corpus():
    owner = scenarios.two_star_owner()
    staff = scenarios.staff_with_totp()
    supporter = scenarios.supporter_owner(staff)
    outcomes = Outcomes()
    anonymous, as_owner, as_staff = client_as(None), client_as(owner), client_as(staff)
    backoffice = "/" + settings.BACKOFFICE_PATH

    # 1. Path parameters of every URL pattern.
    everything = url_shapes()
    shapes = [(fmt, params) for fmt, params in everything if params]
    assert len(shapes) > 100  # the enumeration found the URL conf
    for fmt, params in shapes:
        clients = [as_staff] if fmt.startswith(backoffice) else [anonymous, as_owner]
        for name, payload in PAYLOADS.items():
            url = fmt % dict.fromkeys(params, payload)
            for client in clients:
                outcomes.record("path", name, "GET", url, client.get(url).status_code)

    # 2. Query strings of the public pages: every parameterless pattern outside the back office,
    # with ``page``/``next``/``q`` together, then each field of the page's GET forms in turn.
    public = [fmt for fmt, params in everything if not params and not fmt.startswith((backoffice, "/dev/"))]
    assert reverse("registry:search") in public
    for page in public:
        names = sorted({name for form in forms_on(anonymous, page, "get") for name in form.fields})
        for name, payload in PAYLOADS.items():
            urls = [f"{page}?" + "&".join(f"{q}={payload}" for q in GENERIC_QUERY_NAMES)]
            urls += [f"{page}?{quote(query_name)}={payload}" for query_name in names]
            for url in urls:
                outcomes.record("query", name, "GET", url, anonymous.get(url).status_code)

    # 3. Every POST form a ★★ owner and a supporter reach, each text field in turn (bad bytes: all
    # at once; a form without fields gets them in an extra field, which the middleware reads too).
    forms: dict[tuple[str, tuple[str, ...]], tuple[Client, Form]] = {}
    for client in (as_owner, client_as(supporter)):
        pages = crawl(client, ["/", reverse("mypage:index")], limit=400).fetched
        for page, status in pages.items():
            if status == 200 and not page.startswith(backoffice):
                for form in forms_on(client, page, "post"):
                    form.action = urlsplit(form.action).path + (
                        "?" + urlsplit(form.action).query if urlsplit(form.action).query else ""
                    )
                    forms.setdefault((form.action, tuple(sorted(form.fields))), (client, form))
    ordered = sorted(forms.values(), key=lambda cf: (any(w in cf[1].action for w in LAST), cf[1].action))
    assert len(ordered) > 15, [f.action for _, f in ordered]  # the crawl found the forms
    form_type = "application/x-www-form-urlencoded"
    for client, form in ordered:
        if "logout" in form.action:
            continue
        for name, payload in BAD_BYTES.items():
            body = encoded(form.fields, dict.fromkeys(form.text_fields or ["x"], payload))
            status = client.post(form.action, body, content_type=form_type).status_code
            outcomes.record("form", name, "POST", form.action, status)
        for text_field in form.text_fields:
            for name, payload in ODD_TEXT.items():
                body = encoded(form.fields, {text_field: payload})
                status = client.post(form.action, body, content_type=form_type).status_code
                outcomes.record("form", name, "POST", f"{form.action} [{text_field}]", status)

    report = {
        "database": connection.vendor,
        "requests": outcomes.total,
        "payloads": len(PAYLOADS),
        "url_patterns": len(shapes),
        "public_pages": len(public),
        "forms": len(ordered),
        "by_kind": {k: dict(sorted(c.items())) for k, c in outcomes.by_kind.items()},
        "by_status": dict(sorted(sum(outcomes.by_kind.values(), Counter()).items())),
    }
    out = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"bad-input-corpus-{connection.vendor}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))
    assert not outcomes.failures, f"{len(outcomes.failures)} failures:\n" + "\n".join(outcomes.failures[:80])

"""Start the test suite's real OpenID Connect provider (``server.mjs``, npm ``oidc-provider``) and log in at it.

The provider is a separate Node.js process on 127.0.0.1; ``make test`` installs its npm package
(``npm ci`` in this folder). ``OidcProvider.login`` plays the person at the provider's own log-in
and consent pages over real HTTP and returns the redirect back to the portal (with ``code`` and
``state``), which a test then follows with Django's test client or a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

HERE = Path(__file__).resolve().parent
SERVER = HERE / "server.mjs"
ACCOUNTS = json.loads((HERE / "accounts.json").read_text(encoding="utf-8"))
ACCOUNTS.pop("_comment", None)
CLIENT_ID = "secaction-test"
CLIENT_SECRET = "secaction-test-secret"  # noqa: S105 - the local test provider's client only


class ProviderUnavailable(RuntimeError):
    """Node.js or the npm package is missing, or the provider did not start."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Forms(HTMLParser):
    """The forms of a page: action, method and the inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action") or "", "method": (a.get("method") or "get"), "fields": {}}
            )
        elif tag in ("input", "button") and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen[bytes]
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def client_id(self) -> str:
        return CLIENT_ID

    @property
    def client_secret(self) -> str:
        return CLIENT_SECRET

    @classmethod
    @contextmanager
    def started(
        cls, redirect_uris: list[str], accounts: dict[str, dict[str, Any]] | None = None
    ) -> Iterator[OidcProvider]:
        """Run a provider that accepts ``redirect_uris``, with the GビズID-shaped accounts of accounts.json
        plus ``accounts``; stopped on exit."""
        node = shutil.which("node")
        if node is None:
            raise ProviderUnavailable("Node.js (node) is not installed")
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            raise ProviderUnavailable("npm package missing: run `make test` (npm ci in tests/oidc_provider)")
        all_accounts = {**ACCOUNTS, **(accounts or {})}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
            json.dump(all_accounts, fh, ensure_ascii=False)
            accounts_file = fh.name
        port = _free_port()
        env = {
            **os.environ,
            "OIDC_PORT": str(port),
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
            "OIDC_ACCOUNTS_FILE": accounts_file,
        }
        process = subprocess.Popen(  # noqa: S603 - our own script
            [node, str(SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        issuer = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    output = (
                        process.stdout.read().decode()
                        if process.stdout and process.poll() is not None
                        else ""
                    )
                    raise ProviderUnavailable(f"oidc-provider did not start: {output}")
                time.sleep(0.1)
            yield cls(issuer=issuer, process=process, accounts=all_accounts)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
            Path(accounts_file).unlink(missing_ok=True)

    def login(self, authorize_url: str, login: str, session: requests.Session | None = None) -> str:
        """Log in at the provider as ``login`` (a key of the accounts) and consent; return the redirect URL back.

        ``authorize_url`` is where the portal sent the browser (its ``Location``).
        """
        http = session or requests.Session()
        response = http.get(authorize_url, allow_redirects=False, timeout=10)
        for _ in range(10):
            location = response.headers.get("Location")
            if response.status_code in (302, 303) and location:
                url = urljoin(response.url, location)
                if not url.startswith(self.issuer):
                    return url  # back to the portal
                response = http.get(url, allow_redirects=False, timeout=10)
                continue
            if response.status_code != 200:
                raise AssertionError(f"provider answered {response.status_code}: {response.text[:500]}")
            parser = _Forms()
            parser.feed(response.text)
            if not parser.forms:
                raise AssertionError(f"no form on the provider's page: {response.text[:500]}")
            form = parser.forms[0]
            data = dict(form["fields"])
            if "login" in data or "password" in data:
                data.update(login=login, password="any")  # noqa: S106 - dev interactions accept any password
            response = http.post(
                urljoin(response.url, form["action"]), data=data, allow_redirects=False, timeout=10
            )
        raise AssertionError("too many steps at the provider")

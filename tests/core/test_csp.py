"""Content-Security-Policy (issue 10, finding 8): sent on every page, no inline script allowed or needed.

The header comes from django-csp (settings.CONTENT_SECURITY_POLICY). The template
scan keeps the site's own HTML within it: no inline ``<script>`` (JSON data blocks
are data, not script), no ``on…=`` handler and no ``style=`` attribute in any
template a browser renders. Templates rendered only into PDFs (WeasyPrint, no CSP)
may keep their ``<style>``. tests/browser/test_csp.py checks the same in chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "secaction"
# Rendered into PDFs only (documents.pdf), never sent to a browser.
PDF_ONLY = {
    "policies/templates/policies/print/policy.html",
    "policies/templates/policies/print/handbook.html",
    "declarations/templates/declarations/certificate.html",
    "diagnosis/templates/diagnosis/result_pdf.html",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style[\s>]", re.I)

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/diagnosis/", "/accounts/login/", "/registry/", "/api/v1/docs"])
def test_pages_send_a_policy_without_inline_scripts(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/diagnosis/", "/accounts/login/"])
def test_rendered_pages_hold_no_inline_script_handler_or_style(client, path):
    html = client.get(path).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not HANDLER.search(html)
    assert not STYLE_ATTR.search(html)
    assert "js/site.js" in html


def test_no_template_needs_inline_script_or_style():
    offenders = []
    for template in sorted(SRC.glob("*/templates/**/*.html")) + sorted(SRC.glob("templates/**/*.html")):
        name = str(template.relative_to(SRC))
        if name in PDF_ONLY:
            continue
        text = template.read_text(encoding="utf-8")
        for label, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("on…= handler", HANDLER),
            ("style= attribute", STYLE_ATTR),
            ("<style> block", STYLE_BLOCK),
        ):
            if pattern.search(text):
                offenders.append(f"{name}: {label}")
    assert offenders == []


def test_the_error_summary_is_focused_by_the_static_script_not_inline(client):
    # Posting the empty questionnaire shows the summary that used to be focused by an inline script.
    html = client.post("/diagnosis/", {}).content.decode()
    assert 'id="dg-errors" data-focus-on-load' in html
    assert not INLINE_SCRIPT.search(html)

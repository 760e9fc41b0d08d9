"""Internal links come from reverse() / {% url %}: no typed paths in templates or Python (issue 9)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import secaction

SRC = Path(secaction.__file__).resolve().parent
# The first segment of every URL the site serves (secaction/urls.py).
PREFIXES = (
    "org",
    "declarations",
    "diagnosis",
    "policy",
    "registry",
    "supporters",
    "accounts",
    "survey",
    "faq",
)
TYPED_IN_TEMPLATE = re.compile(r"""(?:href|action|src)=["']/(?!/)(?!static/)""")
TYPED_IN_PYTHON = re.compile(rf"^/({'|'.join(PREFIXES)})(/|$)")
# The 500 page is rendered when something may be broken, URL resolution included: a plain "/" is safer there.
ALLOWED_TEMPLATES = {"templates/500.html"}


def test_templates_link_with_the_url_tag():
    found = []
    for path in SRC.rglob("*.html"):
        rel = path.relative_to(SRC).as_posix()
        if rel in ALLOWED_TEMPLATES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TYPED_IN_TEMPLATE.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert not found, "typed paths in templates:\n" + "\n".join(found)


def test_python_has_no_typed_site_paths():
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "api.py" or path.parent.name == "api":
            continue  # the API's routers declare their own paths under /api/v1/; they are not links
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            parts = [node] if isinstance(node, ast.Constant) else []
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                parts = [node.values[0]]
            for part in parts:
                if isinstance(part.value, str) and TYPED_IN_PYTHON.match(part.value):
                    found.append(f"{path.relative_to(SRC)}:{part.lineno}: {part.value!r}")
    assert not found, "typed paths in Python (use reverse()):\n" + "\n".join(found)


def test_the_checks_would_see_a_typed_path():
    assert TYPED_IN_TEMPLATE.search('<a href="/policy/">')
    assert not TYPED_IN_TEMPLATE.search("<a href=\"{% url 'policies:policy_home' 1 %}\">")
    assert not TYPED_IN_TEMPLATE.search('<a href="//cdn.example.jp/x">')
    assert TYPED_IN_PYTHON.match("/policy/") and TYPED_IN_PYTHON.match("/registry/verify/1/")
    assert not TYPED_IN_PYTHON.match("/policyholder") and not TYPED_IN_PYTHON.match("/api/v1/declarations")

"""Every module the docs and the module docstrings name exists, with the attribute named after it.

Checked: dotted names that start with ``secaction.`` or with an app's name (``registry.selectors.registry_search``,
``organizations.Membership.is_owner``), and ``.py`` paths with a folder (``registry/importing.py``). Cheap, and
it keeps the docs true when code moves.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import secaction

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(secaction.__file__).resolve().parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
# Dotted names ending like a file name are files ("registry.md"), checked as paths or not at all.
FILE_SUFFIXES = {
    "py",
    "md",
    "html",
    "txt",
    "json",
    "csv",
    "svg",
    "pdf",
    "docx",
    "css",
    "js",
    "sh",
    "toml",
    "po",
}
DOTTED = re.compile(
    r"(?<![\w./-])(?:secaction\.)?(?:" + "|".join(APPS) + r")(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?![\w-])"
)
# Audit actions ("declarations.import") look like module paths; they are the strings services record.
AUDIT_ACTIONS = {
    m
    for path in PACKAGE.rglob("*.py")
    for m in re.findall(r"action=f?\"([\w.]+)\"", path.read_text(encoding="utf-8"))
}
PY_PATH = re.compile(r"(?<![\w./-])((?:[A-Za-z_][\w-]*/)+[A-Za-z_]\w*\.py)\b")


def _sources() -> list[tuple[str, str]]:
    """(where, text): each doc under docs/, the READMEs, and each module docstring under src/."""
    # A dated manual-test report records the code as it was that day, and stays as written.
    found = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in sorted(ROOT.glob("docs/*.md"))
        if not p.name.startswith("manual-test-")
    ]
    found += [(name, (ROOT / name).read_text(encoding="utf-8")) for name in ("README.md", "bench/README.md")]
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if docstring:
            found.append((str(path.relative_to(ROOT)), docstring))
    return found


def _resolves(dotted: str) -> bool:
    parts = dotted.removeprefix("secaction.").split(".")
    if parts[-1] in FILE_SUFFIXES:
        return True
    module: ModuleType | None = None
    rest: list[str] = []
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module("secaction." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        rest = parts[cut:]
        break
    if module is None:
        return False
    if rest and cut == 1 and not hasattr(module, rest[0]) and rest[0][:1].isupper():
        # Django style: "organizations.Membership" is the app's model.
        module = importlib.import_module(f"secaction.{parts[0]}.models")
    value: object = module
    for name in rest:
        if not hasattr(value, name):
            return False
        value = getattr(value, name)
    return True


def _path_exists(path: str) -> bool:
    return any((base / path).exists() for base in (ROOT, ROOT / "src", PACKAGE))


def test_the_checks_can_fail():
    assert not _resolves("registry.selectors.no_such_function")
    assert not _resolves("secaction.registry.no_such_module")
    assert _resolves("registry.selectors.registry_search")
    assert _resolves("organizations.Membership.is_owner")
    assert not _path_exists("registry/no_such_module.py")
    assert DOTTED.findall("see `registry.selectors.registry_search` and secaction.core.services") == [
        "registry.selectors.registry_search",
        "secaction.core.services",
    ]


@pytest.mark.parametrize("text", [pytest.param(text, id=where) for where, text in _sources()])
def test_named_modules_exist(text):
    missing = sorted({m for m in DOTTED.findall(text) if m not in AUDIT_ACTIONS and not _resolves(m)})
    missing += sorted({p for p in PY_PATH.findall(text) if not _path_exists(p)})
    assert not missing, f"named but missing: {', '.join(missing)}"

"""A small reader for the apps' gettext catalogues (``.po``), enough for the conflict check.

It understands ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` / ``msgstr[n]``, continued string lines and
obsolete (``#~``) entries, which it skips. Returned keys are ``(context or "", msgid)``; the value is the
translation (plural forms joined by ``" | "``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

Key = tuple[str, str]


def _unquote(text: str) -> str:
    # .po strings use C escapes, which a Python string literal reads the same way for what appears here.
    return ast.literal_eval(text)


def po_read(path: Path) -> dict[Key, str]:
    """Read one catalogue; the header entry (empty msgid) and untranslated entries are left out."""
    entries: dict[Key, str] = {}
    current: dict[str, str] = {}
    field = ""

    def flush() -> None:
        msgid = current.get("msgid", "")
        plurals = [v for k, v in sorted(current.items()) if k.startswith("msgstr")]
        msgstr = " | ".join(plurals)
        if msgid and msgstr.strip(" |"):
            entries[(current.get("msgctxt", ""), msgid)] = msgstr
        current.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                flush()
            continue
        if line.startswith('"'):
            current[field] = current.get(field, "") + _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgstr" in "".join(current):
            flush()  # an entry not separated from the previous one by a blank line
        field = keyword
        current[field] = _unquote(rest)
    if current:
        flush()
    return entries


def catalogue_paths(package_root: Path) -> dict[str, Path]:
    """Every English catalogue under the package: ``{app label: path}``; the project's own is ``"(project)"``."""
    paths = {p.parents[3].name: p for p in package_root.glob("*/locale/en/LC_MESSAGES/django.po")}
    project = package_root / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if project.exists():
        paths["(project)"] = project
    return paths


def conflicts_find(paths: dict[str, Path]) -> dict[Key, dict[str, str]]:
    """Entries (same context and msgid) translated differently in two or more catalogues: ``{key: {app: msgstr}}``."""
    seen: dict[Key, dict[str, str]] = defaultdict(dict)
    for app, path in paths.items():
        for key, msgstr in po_read(path).items():
            seen[key][app] = msgstr
    return {key: by_app for key, by_app in seen.items() if len(set(by_app.values())) > 1}

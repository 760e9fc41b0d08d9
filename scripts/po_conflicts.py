#!/usr/bin/env python3
"""List Japanese source strings that carry different English translations in different apps' catalogues.

Usage: ``python scripts/po_conflicts.py`` from the repository root; exits 1 when a conflict exists.

Gettext looks a msgid up in the catalogues in order and takes the first hit, so one msgid translated two ways in two
apps shows the wrong English on one of them. Where one Japanese word means two things, give each use a message
context (``pgettext``); a msgid with a context is a different entry and is compared only with the same context.
The parser lives in ``tests/i18n/po.py`` so that the suite's conflict test and this script read catalogues alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.i18n.po import catalogue_paths, conflicts_find  # noqa: E402


def main() -> int:
    found = conflicts_find(catalogue_paths(ROOT / "src" / "secaction"))
    for (context, msgid), by_app in sorted(found.items()):
        label = f"[{context}] {msgid}" if context else msgid
        print(label)
        for app, msgstr in sorted(by_app.items()):
            print(f"    {app:15} {msgstr}")
    print(f"{len(found)} conflicting msgid(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())

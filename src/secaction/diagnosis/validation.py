"""Pure cleaning of what a diagnosis taker types besides the answers (the answers: ``scoring.py``)."""

from __future__ import annotations

import unicodedata
from typing import Any

UNIT_NAME_MAX = 100


def unit_name_clean(value: Any) -> str:
    """A unit name as stored: trimmed, inner whitespace collapsed, control and format characters
    (NUL, zero-width, direction marks) dropped, at most 100 characters.

    The web pages never get here with a NUL (``core.badbytes`` answers 400 first); dropping
    them keeps any other caller of ``assessment_save`` from a database error.
    """
    text = "".join(
        c for c in str(value or "") if unicodedata.category(c) not in ("Cc", "Cf", "Cs") or c.isspace()
    )
    return " ".join(text.split())[:UNIT_NAME_MAX]

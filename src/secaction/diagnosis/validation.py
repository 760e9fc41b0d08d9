"""Pure cleaning of what a diagnosis taker types besides the answers (the answers: ``scoring.py``)."""

from __future__ import annotations

from typing import Any

UNIT_NAME_MAX = 100


def unit_name_clean(value: Any) -> str:
    """A unit name as stored: trimmed, inner whitespace collapsed, at most 100 characters."""
    return " ".join(str(value or "").split())[:UNIT_NAME_MAX]

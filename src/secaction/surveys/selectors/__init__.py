"""Reads of the surveys app; every public function is re-exported here (docs/surveys.md)."""

from __future__ import annotations

__all__: list[str] = []

"""Reads of the mail-out engine; every public function is re-exported here (docs/mail-outs.md)."""

from __future__ import annotations

__all__: list[str] = []

"""Reads of the mail-out engine; every public function is re-exported here (docs/mail-outs.md)."""

from __future__ import annotations

from .progress import MailoutProgress, mailout_progress_get, mailout_progress_json

__all__: list[str] = ["MailoutProgress", "mailout_progress_get", "mailout_progress_json"]

"""Reads of the mail-out engine; every public function is re-exported here (docs/mail-outs.md)."""

from __future__ import annotations

from .audience import (
    AudienceRow,
    mailout_audience_count,
    mailout_audience_rows,
    mailout_recipients_count,
    mailout_reminder_count,
    mailout_reminder_rows,
)
from .progress import MailoutProgress, mailout_progress_get, mailout_progress_json

__all__: list[str] = [
    "AudienceRow",
    "MailoutProgress",
    "mailout_audience_count",
    "mailout_audience_rows",
    "mailout_progress_get",
    "mailout_progress_json",
    "mailout_recipients_count",
    "mailout_reminder_count",
    "mailout_reminder_rows",
]

"""Rendering and retry timing of outgoing mail. Pure helpers of ``core.services.mail_send`` and the task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def mail_render(template: str, context: Mapping[str, Any], language: str) -> tuple[str, str, str]:
    """Render ``<template>_subject.txt``, ``_message.txt`` and optional ``_message.html`` in ``language``."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        text = render_to_string(f"{template}_message.txt", ctx)
        html: str
        try:
            html = render_to_string(f"{template}_message.html", ctx)
        except TemplateDoesNotExist:
            html = ""
    return subject, text, html


def mail_retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off: 1, 2, 4, 8 … minutes, at most an hour."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))

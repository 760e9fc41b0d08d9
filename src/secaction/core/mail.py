"""Rendering, identity and retry timing of outgoing mail. Pure helpers of ``core.services`` and the tasks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from email.utils import make_msgid, parseaddr
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


def mail_message_id() -> str:
    """A new, globally unique ``Message-ID`` in the sender's domain (``MAIL_MESSAGE_ID_DOMAIN`` overrides it)."""
    domain = settings.MAIL_MESSAGE_ID_DOMAIN or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return make_msgid(idstring="secaction", domain=domain or "localhost")


def mail_retry_delay(attempts: int, rng: random.Random | None = None) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed attempt: exponential back-off with full jitter.

    The ceiling doubles from ``MAIL_RETRY_BASE_SECONDS`` (60) with each attempt up to
    ``MAIL_RETRY_MAX_SECONDS`` (6 h); the delay is drawn uniformly between the base and that ceiling, so
    workers that failed together (one outage) do not all come back at the same second. ``rng`` makes the
    draw reproducible in tests.
    """
    base = settings.MAIL_RETRY_BASE_SECONDS
    ceiling = min(settings.MAIL_RETRY_MAX_SECONDS, base * 2 ** min(max(attempts - 1, 0), 30))
    return dt.timedelta(seconds=(rng or random).uniform(base, max(base, ceiling)))


def mail_next_attempt(
    *, queued_at: dt.datetime, now: dt.datetime, attempts: int, rng: random.Random | None = None
) -> dt.datetime | None:
    """When to try again after a failed attempt, or None to give up.

    Retries go on while less than ``MAIL_RETRY_HOURS`` (24) have passed since ``queued_at`` (creation, or
    a staff resend), so an outage of up to a day costs no mail; the last attempt is at or after that mark.
    """
    if now - queued_at >= dt.timedelta(hours=settings.MAIL_RETRY_HOURS):
        return None
    return now + mail_retry_delay(attempts, rng)

"""Per-recipient placeholders of system mail-outs: a registry that an app above mailouts fills in.

mailouts must not import the apps that build system mail-outs (import-linter), yet their messages carry
links only those apps can make (e.g. ``{confirm_url}`` of a continuation reminder). So the app registers
a builder for its ``Mailout.Kind`` in its ``AppConfig.ready()`` — explicit, no import by string — and
``rendering.MailoutRenderer`` asks for it once per batch. A system kind without a builder fails loudly
(``ImproperlyConfigured``) instead of mailing messages with empty links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from .models import SYSTEM_KINDS

# (organization_id, email, language) → {placeholder: value}; language is the one the message is in.
RecipientValues = Callable[[int | None, str, str], dict[str, str]]


@dataclass(frozen=True)
class LinkBuilder:
    """``placeholders``: the names it fills; ``prepare(mailout_id)``: called once per renderer (one batch),
    so the builder can load what it needs for the whole mail-out in one query, returns the per-recipient
    function. It must accept ``organization_id=None`` (the staff preview and test send)."""

    placeholders: tuple[str, ...]
    prepare: Callable[[int | None], RecipientValues]


_builders: dict[str, LinkBuilder] = {}


def register(kind: str, builder: LinkBuilder) -> None:
    """Register the builder of system kind ``kind``; a second, different builder is a programming error."""
    if kind not in SYSTEM_KINDS:
        raise ImproperlyConfigured(f"mailouts.links: {kind!r} is not a system mail-out kind")
    existing = _builders.get(kind)
    if existing is not None and existing != builder:
        raise ImproperlyConfigured(f"mailouts.links: a builder for {kind!r} is already registered")
    _builders[kind] = builder


def builder_for(kind: str) -> LinkBuilder | None:
    """The builder of ``kind``; None for the staff kinds; ``ImproperlyConfigured`` if a system kind has none."""
    if kind not in SYSTEM_KINDS:
        return None
    try:
        return _builders[kind]
    except KeyError:
        raise ImproperlyConfigured(
            f"mailouts.links: no link builder registered for the system mail-out kind {kind!r}"
        ) from None

"""The checks a new version of a text people agree to passes: the portal's legal pages here, the logo-mark
terms in ``declarations.services.terms``. Pure: the caller says whether a version number is taken."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _


def version_text_check(
    version: str | None, title: str | None, body: str | None, *, taken: Callable[[str], bool]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The stripped ``version``, ``title`` and ``body``, and the field-keyed errors: each is required, and a
    version number that ``taken`` reports as existing must not be used again (a published text is never
    edited: people agreed to its words)."""
    values = {
        "version": (version or "").strip(),
        "title": (title or "").strip(),
        "body": (body or "").strip(),
    }
    errors = {key: [_("入力してください。")] for key, value in values.items() if not value}
    if values["version"] and taken(values["version"]):
        errors["version"] = [_("この版はすでにあります。新しい版の番号を付けてください。")]
    return values, errors

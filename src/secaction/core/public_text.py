"""Rules for text the public sees (names, the registry, supporters' offers, published policies).

``public_text_problem`` gives the one user-facing message for a value the portal refuses:
invisible control and format characters (``core.text.invisible_characters``) and, for
text drawn into PDFs (``pdf=True``), characters the embedded font cannot draw
(``core.fonts.font_missing_characters``): an emoji in an organisation name is refused
with a message naming it, never dropped from the declaration document without a word.
Services call it (field-keyed ``ServiceError``) and forms can use ``PublicTextValidator``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .fonts import font_missing_characters
from .text import invisible_characters


def _named(chars: Iterable[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


def public_text_problem(value: str, *, multiline: bool = False, pdf: bool = False) -> str | None:
    """The message refusing ``value``, or None when it may be shown in public (and drawn in PDFs)."""
    hidden = invisible_characters(value, multiline=multiline)
    if hidden:
        return _(
            "見えない制御文字(%(chars)s)が含まれています。名前の見え方を変えられるため使えません。"
            "貼り付けた文字を消して、入力し直してください。"
        ) % {"chars": _named(hidden)}
    if pdf:
        missing = font_missing_characters(value)
        if missing:
            return _(
                "「%(chars)s」(%(codes)s)は宣言書などのPDFに印字できないため使えません。"
                "絵文字や外字は、ほかの文字に置き換えてください。"
            ) % {"chars": "".join(missing), "codes": _named(missing)}
    return None


def public_text_errors(
    data: Mapping[str, Any], fields: Iterable[str], *, multiline: Iterable[str] = (), pdf: Iterable[str] = ()
) -> dict[str, str]:
    """``{field: message}`` for each of ``fields`` whose string value ``public_text_problem`` refuses."""
    multiline, pdf = set(multiline), set(pdf)
    errors: dict[str, str] = {}
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            problem = public_text_problem(value, multiline=name in multiline, pdf=name in pdf)
            if problem:
                errors[name] = problem
    return errors


@deconstructible
class PublicTextValidator:
    """A form-field validator applying ``public_text_problem``."""

    def __init__(self, *, multiline: bool = False, pdf: bool = False) -> None:
        self.multiline, self.pdf = multiline, pdf

    def __call__(self, value: Any) -> None:
        problem = public_text_problem(str(value or ""), multiline=self.multiline, pdf=self.pdf)
        if problem:
            raise ValidationError(problem, code="public_text")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicTextValidator) and (self.multiline, self.pdf) == (
            other.multiline,
            other.pdf,
        )

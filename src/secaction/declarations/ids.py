"""Declaration IDs: 11 digits, ``5`` + 9 random digits + a Damm check digit over the first 10.

The Damm algorithm (H. Michael Damm, 2004) uses a totally anti-symmetric
quasigroup of order 10; it detects every single-digit error and every
adjacent transposition, which is what people make when they copy an ID from
a business card. IDs imported from the older system start with ``4``; their
check digit followed another rule, so for them only the format is checked.
"""

from __future__ import annotations

import secrets

from django.utils.translation import gettext as _

from secaction.core.text import number_compact

ID_LENGTH = 11
NEW_PREFIX = "5"
LEGACY_PREFIX = "4"

# Damm's published table (row = interim digit, column = next digit).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> int:
    """The Damm check digit for a string of ASCII digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def declaration_id_generate(randbelow: object = secrets.randbelow) -> str:
    """A new, unguessable declaration ID. The caller ensures uniqueness (retry on collision)."""
    body = NEW_PREFIX + "".join(str(randbelow(10)) for _ in range(9))  # type: ignore[operator]
    return body + str(damm_check_digit(body))


class DeclarationIdError(ValueError):
    """A malformed declaration ID; ``code`` is one of length, digits, prefix, check_digit."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def declaration_id_normalize(value: str) -> str:
    """Validate a declaration ID typed by a person (full-width digits, spaces, hyphens allowed).

    Returns the 11 ASCII digits or raises ``DeclarationIdError`` that says what is wrong.
    """
    text = number_compact(value)  # the same folding as a 法人番号: every dash, width and space
    if not text.isdigit() or not text.isascii():
        raise DeclarationIdError("digits", _("宣言IDは数字11桁です。数字以外の文字が含まれています。"))
    if len(text) != ID_LENGTH:
        raise DeclarationIdError(
            "length", _("宣言IDは数字11桁です。入力された値は%(count)d桁です。") % {"count": len(text)}
        )
    if text[0] == LEGACY_PREFIX:
        return text
    if text[0] != NEW_PREFIX:
        raise DeclarationIdError("prefix", _("宣言IDは4または5で始まります。番号を確認してください。"))
    if damm_check_digit(text[:10]) != int(text[10]):
        raise DeclarationIdError(
            "check_digit",
            _("宣言IDの最後の数字(チェック用数字)が一致しません。番号の写し間違いがないか確認してください。"),
        )
    return text

"""Declaration IDs: 11 digits, ``4`` + 9 random digits + a Damm check digit over the first 10.

New IDs keep the programme's shape (subsidy forms ask for 「4からはじまる11桁の数字」)
and share ONE namespace with the IDs imported from the older system, which also
start with ``4`` but whose last digit followed another rule. So the normaliser
checks only the format of a ``4…`` ID: a legacy ID must never be refused for its
check digit. The Damm digit is used at lookup instead: a ``4…`` ID that is not in
the registry AND fails the Damm check was most likely mistyped
(``declaration_id_mistyped``). The ``5…`` IDs this portal issued before the
switch stay valid with their Damm digit (docs/declaration-ids.md says why).

The Damm algorithm (H. Michael Damm, 2004) uses a totally anti-symmetric
quasigroup of order 10; it detects every single-digit error and every
adjacent transposition, which is what people make when they copy an ID from
a business card.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.utils.translation import gettext as _

from secaction.core.text import number_compact

ID_LENGTH = 11
NEW_PREFIX = "4"
LEGACY_PREFIX = "4"  # the same namespace: imported IDs and new ones look alike
EARLY_PREFIX = "5"  # IDs this portal issued before new IDs moved to 4; always with a Damm digit

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


def declaration_id_generate(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A new, unguessable declaration ID: ``4``, 9 digits from ``randbelow``, the Damm digit.

    The caller ensures uniqueness (retry on collision); tests inject ``randbelow``.
    """
    body = NEW_PREFIX + "".join(str(randbelow(10)) for _ in range(9))
    return body + str(damm_check_digit(body))


def damm_valid(code: str) -> bool:
    """Whether a string of ASCII digits ends with its own Damm check digit."""
    return damm_check_digit(code) == 0


def declaration_id_mistyped(code: str) -> bool:
    """For a normalised ID that is NOT in the registry: does its check digit say it was mistyped?

    Only meaningful after the lookup failed: a legacy ``4…`` ID may fail the Damm
    check and still exist. A ``5…`` ID never gets here with a bad digit (the
    normaliser refuses it).
    """
    return code[:1] == NEW_PREFIX and not damm_valid(code)


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
    if text[0] == NEW_PREFIX:
        return text  # new or legacy: only the format; the Damm digit is judged after the lookup
    if text[0] != EARLY_PREFIX:
        raise DeclarationIdError("prefix", _("宣言IDは4または5で始まります。番号を確認してください。"))
    if damm_check_digit(text[:10]) != int(text[10]):
        raise DeclarationIdError(
            "check_digit",
            _("宣言IDの最後の数字(チェック用数字)が一致しません。番号の写し間違いがないか確認してください。"),
        )
    return text

"""Pure normalisation and validation of organisation fields. No Django models, no I/O.

Each ``*_normalize`` function returns the canonical form or raises
``ValueError`` whose message is a user-facing (translatable) sentence. The folding
of input variants (full-width digits, dash variants, spaces, kana) is
``secaction.core.text``'s, shared with declaration IDs and the registry search;
these functions add each field's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.public_text import public_text_errors
from secaction.core.text import (
    katakana_from_hiragana,
    name_fold,
    number_compact,
    number_with_hyphens,
    space_fold,
    width_fold,
)


def corporate_number_check_digit(twelve_digits: str) -> int:
    """The National Tax Agency's check digit for the 12 base digits of a 法人番号.

    With P(n) the n-th digit counted from the right and Q(n) = 1 for odd n,
    2 for even n: check = 9 - (Σ P(n)·Q(n) mod 9).
    """
    if len(twelve_digits) != 12 or not twelve_digits.isdigit():
        raise ValueError("twelve digits expected")
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(twelve_digits), start=1))
    return 9 - total % 9


def corporate_number_normalize(value: str) -> str:
    """A 13-digit 法人番号, accepted with full-width digits, spaces and hyphens."""
    digits = number_compact(value)
    if not (digits.isdigit() and digits.isascii()):
        raise ValueError(_("法人番号は数字13桁で入力してください(数字以外の文字が含まれています)。"))
    if len(digits) != 13:
        raise ValueError(_("法人番号は13桁です。入力された番号は%(count)d桁です。") % {"count": len(digits)})
    if int(digits[0]) != corporate_number_check_digit(digits[1:]):
        raise ValueError(
            _(
                "法人番号の先頭のチェック用数字が一致しません。番号を確認してください(国税庁法人番号公表サイトで確認できます)。"
            )
        )
    return digits


def postal_code_normalize(value: str) -> str:
    """A postal code as NNN-NNNN, accepted with or without the hyphen and in full-width digits."""
    digits = number_compact(value).replace("〒", "")
    if not (digits.isdigit() and digits.isascii()) or len(digits) != 7:
        raise ValueError(_("郵便番号は7桁の数字で入力してください(例:100-0001)。"))
    return f"{digits[:3]}-{digits[3:]}"


_KATAKANA_EXTRA = set("ー・ =()&'.,-/")


def katakana_normalize(value: str) -> str:
    """Half-width katakana and hiragana to full-width katakana; spaces folded.

    Letters, digits and the few symbols used in company names are kept; any
    other character (kanji, for instance) is rejected.
    """
    text = katakana_from_hiragana(space_fold(width_fold(value)))
    for c in text:
        if not ("\u30a1" <= c <= "\u30fa" or c in _KATAKANA_EXTRA or (c.isascii() and c.isalnum())):
            raise ValueError(
                _("フリガナはカタカナで入力してください(使えない文字:「%(char)s」)。") % {"char": c}
            )
    if not text:
        raise ValueError(_("フリガナを入力してください。"))
    return text


def phone_normalize(value: str) -> str:
    """A Japanese phone number: 10 or 11 digits starting with 0, hyphens kept where the person put them."""
    text = number_with_hyphens(value)
    digits = text.replace("-", "")
    if (
        not (digits.isdigit() and digits.isascii())
        or not digits.startswith("0")
        or len(digits) not in (10, 11)
    ):
        raise ValueError(_("電話番号は0から始まる10桁または11桁の数字で入力してください(例:03-1234-5678)。"))
    return text


# Entity-type codes as stored by the model (kept here as strings to stay free of Django models).
ENTITY_CORPORATION = "corporation"
ENTITY_SOLE_PROPRIETOR = "sole_proprietor"


def corporate_number_for_entity(entity_type: str, value: str) -> str:
    """The normalised 法人番号 to store for an organisation of ``entity_type``.

    Required for a 法人; a 個人事業主 has none (a value is refused, not silently
    dropped, so the person notices a wrong entity type); optional for other bodies.
    """
    value = (value or "").strip()
    if entity_type == ENTITY_CORPORATION:
        if not value:
            raise ValueError(_("法人の場合は法人番号(13桁)を入力してください。"))
        return corporate_number_normalize(value)
    if entity_type == ENTITY_SOLE_PROPRIETOR:
        if value:
            raise ValueError(
                _(
                    "個人事業主には法人番号はありません。法人番号の欄を空にするか、事業形態を確認してください。"
                )
            )
        return ""
    return corporate_number_normalize(value) if value else ""


ORGANIZATION_FIELDS = [
    "entity_type",
    "name",
    "name_kana",
    "corporate_number",
    "representative_name",
    "representative_title",
    "postal_code",
    "prefecture",
    "address",
    "industry",
    "employees",
    "capital",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
]

# Names and the address: NFKC and spaces (``core.text.name_fold``), so that a name typed in
# full-width letters or half-width kana is stored, shown and searched in one spelling.
NAME_FIELDS = ("name", "representative_name", "representative_title", "address", "contact_name")
# Text that the public registry shows or the declaration document prints: no invisible
# control or format characters anywhere, and only characters the PDF font can draw in what
# the documents print (``core.public_text``).
PUBLIC_TEXT_FIELDS = ("name", "name_kana", *NAME_FIELDS[1:])
PDF_TEXT_FIELDS = ("name", "name_kana", "representative_name", "representative_title", "address")

_NORMALIZERS: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(NAME_FIELDS, name_fold),
    "name_kana": katakana_normalize,
    "postal_code": postal_code_normalize,
    "contact_phone": phone_normalize,
}


def organization_data_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the organisation fields with the pure validators above.

    Returns the cleaned values for the known fields; raises ``ServiceError`` keyed
    by field when a value is wrong. Idempotent, so data that a form has already
    cleaned passes through unchanged. The services call it, so an API client or a
    back-office action gets the same rules as the web form.
    """
    cleaned: dict[str, Any] = {k: data.get(k, "") for k in ORGANIZATION_FIELDS}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    errors: dict[str, list[str]] = {
        field: [problem]
        for field, problem in public_text_errors(cleaned, PUBLIC_TEXT_FIELDS, pdf=PDF_TEXT_FIELDS).items()
    }
    for field, normalize in _NORMALIZERS.items():
        if field in errors:
            continue
        try:
            cleaned[field] = normalize(str(cleaned[field]))
        except ValueError as exc:
            errors.setdefault(field, []).append(str(exc))
    try:
        cleaned["corporate_number"] = corporate_number_for_entity(
            str(cleaned["entity_type"]), str(cleaned["corporate_number"])
        )
    except ValueError as exc:
        errors.setdefault("corporate_number", []).append(str(exc))
    if errors:
        raise ServiceError(errors)
    return cleaned

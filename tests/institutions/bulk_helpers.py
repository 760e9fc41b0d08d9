"""Builders for the bulk-upload tests: an institution with a contact and a key, CSV bytes."""

from __future__ import annotations

from typing import Any

from secaction.accounts.models import User
from secaction.institutions.models import ApiKey, Institution, InstitutionContact, api_key_hash, api_key_new


def make_institution(name: str = "補助金事務局", **fields: Any) -> Institution:
    return Institution.objects.create(name=name, **fields)


def make_contact(institution: Institution, email: str = "contact@example.jp", **fields: Any) -> User:
    user = User.objects.create_user(email=email, password="pw-123456789", **fields)
    InstitutionContact.objects.create(institution=institution, user=user)
    return user


def make_key(holder: Institution | None) -> tuple[ApiKey, str]:
    key = api_key_new()
    row = ApiKey.objects.create(
        holder=holder,
        institution=holder.name if holder else "旧来の機関",
        contact="c@example.jp",
        key_prefix=key[:10],
        key_hash=api_key_hash(key),
    )
    return row, key


def csv_bytes(*lines: str, header: str = "宣言ID,法人番号,申請者名,基準日", encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)

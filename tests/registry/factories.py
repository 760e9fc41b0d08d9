"""Builders for organisations and declarations, straight through the ORM."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from secaction.declarations.ids import damm_check_digit
from secaction.declarations.models import Declaration
from secaction.organizations.models import Organization
from secaction.organizations.validation import corporate_number_check_digit

_serial = itertools.count(1)


def new_id(n: int) -> str:
    body = f"4{n:09d}"
    return body + str(damm_check_digit(body))


def corporate_number(n: int) -> str:
    base = f"{100000000000 + n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def make_org(**fields: Any) -> Organization:
    n = next(_serial)
    values: dict[str, Any] = {
        "entity_type": "corporation",
        "name": f"株式会社テスト{n}",
        "name_kana": f"カブシキガイシャテスト{n}",
        "corporate_number": corporate_number(n),
        "representative_name": "代表 太郎",
        "postal_code": "100-0001",
        "prefecture": "13",
        "address": "千代田区1-1",
        "industry": "G",
        "employees": "1-5",
        "capital": "-10m",
        "contact_name": "担当 花子",
        "contact_email": f"t{n}@example.jp",
        "contact_phone": "03-1234-5678",
    }
    values.update(fields)
    return Organization.objects.create(**values)


def make_declaration(org: Organization | None = None, **fields: Any) -> Declaration:
    org = org or make_org()
    n = next(_serial)
    values: dict[str, Any] = {
        "organization": org,
        "declaration_id": new_id(n),
        "level": "one_star",
        "status": "active",
        "declared_at": timezone.now(),
    }
    values.update(fields)
    return Declaration.objects.create(**values)

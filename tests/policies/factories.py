"""Small builders for the policies tests (organisations, members)."""

from __future__ import annotations

import itertools
from typing import Any

from secaction.organizations.models import Membership, Organization

_seq = itertools.count(1)


def organization_make(**overrides: Any) -> Organization:
    n = next(_seq)
    values: dict[str, Any] = {
        "entity_type": "corporation",
        "name": f"株式会社テスト{n}",
        "name_kana": "カブシキガイシャテスト",
        "representative_name": "山田 太郎",
        "representative_title": "代表取締役",
        "postal_code": "100-0001",
        "prefecture": "13",
        "address": "千代田区千代田1-1",
        "industry": "I",
        "employees": "6-20",
        "capital": "-10m",
        "contact_name": "山田 花子",
        "contact_email": f"contact{n}@example.jp",
        "contact_phone": "03-0000-0000",
    }
    values.update(overrides)
    return Organization.objects.create(**values)


def member_make(organization: Organization, *, role: str = "owner", email: str | None = None) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        email=email or f"user{next(_seq)}@example.jp", password="pw-Example-123"
    )
    Membership.objects.create(user=user, organization=organization, role=role)
    return user

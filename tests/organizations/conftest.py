from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

VALID_NUMBER = "7000012050002"
OTHER_NUMBER = "4000012090001"


def org_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "entity_type": "corporation",
        "name": "株式会社サンプル商事",
        "name_kana": "さんぷるしょうじ",
        "corporate_number": "７０００－０１２０－５０００２",
        "representative_name": "山田 太郎",
        "representative_title": "代表取締役",
        "postal_code": "１００００１３",
        "prefecture": "13",
        "address": "千代田区霞が関1-2-3",
        "industry": "G",
        "employees": "6-20",
        "capital": "-10m",
        "website": "https://example.jp/",
        "contact_name": "佐藤 花子",
        "contact_email": "contact@example.jp",
        "contact_phone": "03-1234-5678",
    }
    data.update(overrides)
    return data


def make_user(
    django_user_model: Any, email: str, *, verified: bool = True, password: str = "pw-12345678!"
) -> Any:
    user = django_user_model.objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def owner(django_user_model):
    return make_user(django_user_model, "owner@example.jp")


@pytest.fixture
def organization(owner):
    from secaction.organizations.services import organization_register

    return organization_register(owner, org_data())
